"""The one permission policy for project data: team roles and what each may do.

Every view names what it needs (`need=Need.MANAGE_PEOPLE`) and `access_project` checks it against
`ProjectRole.allows`, so the rules live here and nowhere else. docs/roles.md lists them as a table.
`Need` has one member per `can_*` predicate; it is a StrEnum, so `Need.MANAGE_PEOPLE == "manage_people"`,
and mypy refuses a need that is not one of them.
"""

from collections.abc import Collection
from enum import StrEnum

from django.db import models


class Need(StrEnum):
    """What a page or action needs of the member's role: `ProjectRole.can_<value>`."""

    VIEW_PROJECT = "view_project"
    EDIT_PROJECT = "edit_project"
    MANAGE_TEAM = "manage_team"
    VIEW_AUDIT = "view_audit"
    VIEW_PEOPLE = "view_people"
    VIEW_PERSONAL_DATA = "view_personal_data"
    MANAGE_PEOPLE = "manage_people"
    RECORD_CONSENT = "record_consent"
    MANAGE_CONSENT_FORMS = "manage_consent_forms"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    ERASE_PERSONAL_DATA = "erase_personal_data"
    MANAGE_EVIDENCE = "manage_evidence"
    SCREEN = "screen"
    EXTRACT = "extract"
    MANAGE_INTERVIEWS = "manage_interviews"
    CODE = "code"
    PLAN_WORKSHOPS = "plan_workshops"
    FACILITATE = "facilitate"
    EDIT_FRAMEWORK = "edit_framework"
    MANAGE_RECOMMENDATIONS = "manage_recommendations"
    WRITE_REPORT = "write_report"
    PUBLISH = "publish"
    MANAGE_JOBS = "manage_jobs"


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

    def allows(self, need: Need | str) -> bool:
        """Whether this role may do `need`; ValueError for a string that names no need."""
        predicate = getattr(self, f"can_{need}", None)
        if predicate is None:
            raise ValueError(f"Unknown permission need: {need!r}")
        return bool(predicate())


NEEDS = sorted(need.value for need in Need)


# Rules about one record, beside the role: who may act on whose work. The service that makes the change
# calls the rule and raises PermissionDenied, so it holds however the service is reached; a view only
# catches the refusal and shows it, and a page asks the same rule to decide which buttons to show.


def may_remove_others_codings(role: ProjectRole | None) -> bool:
    """A lead may remove anyone's coding, including one whose coder has left the team."""
    return role == ProjectRole.LEAD


def may_remove_coding(*, role: ProjectRole | None, user_id: int | None, coder_id: int | None) -> bool:
    """A coder removes their own coding; only a lead removes someone else's."""
    if role is None or not role.can_code():
        return False
    return (coder_id is not None and coder_id == user_id) or may_remove_others_codings(role)


def may_change_contribution(*, participant_id: int, author_id: int | None) -> bool:
    """A workshop participant changes or takes back only what they contributed themselves."""
    return author_id is not None and author_id == participant_id


def may_resolve_disagreement(*, user_id: int | None, screener_ids: Collection[int | None]) -> bool:
    """A disagreement between two blind screeners is settled by a third person, never by either screener."""
    return user_id is not None and user_id not in screener_ids


def may_read_transcript(*, role: ProjectRole | None, pseudonymised: bool) -> bool:
    """A transcript not yet marked pseudonymised is read only by roles that see personal data."""
    return role is not None and (pseudonymised or role.can_view_personal_data())


def may_publish_over_objections(role: ProjectRole | None) -> bool:
    """A recommendation that the sector that must lead it, or most of a sector, objected to is published only
    by a lead, who acknowledges the objections and says why."""
    return role == ProjectRole.LEAD


def job_retry_allowed(
    *, role: ProjectRole, user_id: int | None, created_by_id: int | None, need: str
) -> bool:
    """A failed piece of background work may be tried again by the lead, or by whoever started it while
    they may still do what it does."""
    if role.allows(Need.MANAGE_JOBS):
        return True
    return user_id is not None and created_by_id == user_id and role.allows(need)
