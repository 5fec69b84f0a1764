"""The one permission policy for project data: team roles and what each may do.

Every view names what it needs (`need="manage_people"`) and `access_project` checks it against
`ProjectRole.allows`, so the rules live here and nowhere else. docs/roles.md lists them as a table.
"""

from django.db import models


class ProjectRole(models.TextChoices):
    LEAD = "lead", "Lead"
    RESEARCHER = "researcher", "Researcher"
    FACILITATOR = "facilitator", "Facilitator"
    OBSERVER = "observer", "Observer"

    def can_view_project(self) -> bool:
        return True

    def can_edit_project(self) -> bool:
        return self == ProjectRole.LEAD

    def can_manage_team(self) -> bool:
        return self == ProjectRole.LEAD

    def can_view_audit(self) -> bool:
        return self == ProjectRole.LEAD

    def can_view_people(self) -> bool:
        """See the register by pseudonymous code, sector and status (no names or contacts)."""
        return True

    def can_view_personal_data(self) -> bool:
        """See names and contact details of stakeholders."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_manage_people(self) -> bool:
        """Add, edit and import organisations and stakeholders; set sampling targets."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_record_consent(self) -> bool:
        """Record consent given on paper or verbally, and send personal consent links."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_manage_consent_forms(self) -> bool:
        return self == ProjectRole.LEAD

    def can_export_personal_data(self) -> bool:
        """Export the register with personal data, and subject-access exports."""
        return self == ProjectRole.LEAD

    def can_erase_personal_data(self) -> bool:
        return self == ProjectRole.LEAD

    def can_manage_evidence(self) -> bool:
        """Log searches, import and add records, and decide on possible duplicates."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_screen(self) -> bool:
        """Screen records (title and abstract, full text) and record why."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_extract(self) -> bool:
        """Extract data from included records, appraise them, and set up extraction forms."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_manage_interviews(self) -> bool:
        """Write topic guides, schedule and record interviews, import and pseudonymise transcripts."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_code(self) -> bool:
        """Keep the codebook, code transcripts, write memos, and exchange projects with other tools."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_plan_workshops(self) -> bool:
        """Plan workshop series, workshops and their agendas; invite people and record attendance."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_facilitate(self) -> bool:
        """Run a live workshop: open, close and reveal activities, moderate cards, enter paper votes."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER, ProjectRole.FACILITATOR}

    def can_edit_framework(self) -> bool:
        """Build the framework of each priority area: elements, narratives and links to evidence."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_manage_recommendations(self) -> bool:
        """Draft and revise recommendations, run endorsement rounds, publish them and record progress."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_write_report(self) -> bool:
        """Write the report's narrative sections and set its title."""
        return self in {ProjectRole.LEAD, ProjectRole.RESEARCHER}

    def can_manage_jobs(self) -> bool:
        """See all background work of the project (report builds, imports, emails) and retry what failed."""
        return self == ProjectRole.LEAD

    def can_publish(self) -> bool:
        """Turn the project's public page on or off."""
        return self == ProjectRole.LEAD

    def allows(self, need: str) -> bool:
        predicate = getattr(self, f"can_{need}", None)
        if predicate is None:
            raise ValueError(f"Unknown permission need: {need!r}")
        return bool(predicate())


NEEDS = sorted(name.removeprefix("can_") for name in vars(ProjectRole) if name.startswith("can_"))


def job_retry_allowed(
    *, role: ProjectRole, user_id: int | None, created_by_id: int | None, need: str
) -> bool:
    """A failed piece of background work may be tried again by the lead, or by whoever started it while
    they may still do what it does."""
    if role.allows("manage_jobs"):
        return True
    return user_id is not None and created_by_id == user_id and role.allows(need)
