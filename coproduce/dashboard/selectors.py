"""The project dashboard reads from every app below it; it writes nothing."""

from dataclasses import dataclass

from coproduce.consent.selectors import ScopeSummary, consent_summary
from coproduce.core.models import AuditEvent
from coproduce.core.selectors import audit_list
from coproduce.people.selectors import SectorProgress, sampling_progress, stakeholder_counts_by_status
from coproduce.projects.models import Project, ProjectPhase
from coproduce.workshops.selectors.planning import WorkshopSummary, workshop_summary


@dataclass(frozen=True)
class DashboardData:
    phases: list[ProjectPhase]
    sectors: list[SectorProgress]
    status_counts: dict[str, int]
    people_total: int
    consent: list[ScopeSummary]
    recent: list[AuditEvent]
    workshops: WorkshopSummary


def dashboard_get(*, project: Project, recent_limit: int = 10) -> DashboardData:
    status_counts = stakeholder_counts_by_status(project=project)
    return DashboardData(
        phases=list(project.phases.all()),
        sectors=sampling_progress(project=project),
        status_counts=status_counts,
        people_total=sum(status_counts.values()),
        consent=consent_summary(project=project),
        recent=list(audit_list(project_id=project.pk)[:recent_limit]),
        workshops=workshop_summary(project=project),
    )
