"""Creating and editing a project, and the dates of its four phases."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock

from ..models import PhaseKind, Project, ProjectPhase
from ..permissions import ProjectRole
from .team import invitation_create, membership_add

PHASE_DATE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end")


@dataclass(frozen=True)
class PhaseDates:
    """The planned and actual dates of one phase, as entered on the phases page."""

    kind: str
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    version: str | None = None  # the phase's version when the page was opened (core.versions)


@transaction.atomic
def project_create(
    *,
    title: str,
    summary: str,
    place: str,
    research_questions: list[str],
    ethics_reference: str,
    retention_until: dt.date | None,
    lawful_basis: str,
    by: User,
    add_creator_as_lead: bool = True,
    lead_email: str = "",
    base_url: str | None = None,
) -> Project:
    """Create a project with its four phases; make `by` its lead and/or invite `lead_email` as lead."""
    project = Project.objects.create(
        title=title,
        summary=summary,
        place=place,
        research_questions=research_questions,
        ethics_reference=ethics_reference,
        retention_until=retention_until,
        lawful_basis=lawful_basis,
        created_by=by,
    )
    ProjectPhase.objects.bulk_create(
        ProjectPhase(project=project, kind=kind, order=order) for order, kind in enumerate(PhaseKind, start=1)
    )
    audit_record(action="projects.project.created", by=by, obj=project, project_id=project.pk)
    if add_creator_as_lead:
        membership_add(project=project, user=by, role=ProjectRole.LEAD, by=by)
    if lead_email:
        invitation_create(project=project, email=lead_email, role=ProjectRole.LEAD, by=by, base_url=base_url)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    title: str,
    summary: str,
    place: str,
    research_questions: list[str],
    ethics_reference: str,
    retention_until: dt.date | None,
    lawful_basis: str,
    by: User,
    version: str | None = None,
) -> Project:
    """Change a project's details; the audit row lists each changed field with its old and new value.

    `version` is the one the edit form was opened on: EditConflict if someone saved the details since.
    """
    values = {
        "title": title,
        "summary": summary,
        "place": place,
        "research_questions": research_questions,
        "ethics_reference": ethics_reference,
        "retention_until": retention_until,
        "lawful_basis": lawful_basis,
    }
    record_lock(project, version=version, values=values)
    changes = fields_assign(project, values)
    if changes:
        project.save(update_fields=[*changes, "updated_at"])
        audit_record(
            action="projects.project.updated",
            by=by,
            obj=project,
            project_id=project.pk,
            changes=changes.as_audit(),
        )
    return project


def _check_phase_dates(dates: PhaseDates) -> None:
    label = PhaseKind(dates.kind).label
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        begins, ends = getattr(dates, start), getattr(dates, end)
        if begins and ends and ends < begins:
            raise ValidationError(f"{label}: the end date must be the same as or after the start date.")


def _phase_add(*, project: Project, kind: str) -> ProjectPhase:
    """A phase row a project lacks (one made outside `project_create`), added when its dates are set."""
    order = {value: position for position, value in enumerate(PhaseKind.values, start=1)}
    if kind not in order:
        raise ValidationError(f"There is no phase called {kind!r}.")
    return ProjectPhase.objects.create(project=project, kind=kind, order=order[kind])


@transaction.atomic
def phases_update(*, project: Project, phases: list[PhaseDates], by: User) -> list[ProjectPhase]:
    """Set the planned and actual dates of the project's phases; one audit row per changed phase.

    EditConflict (naming the phase) if someone changed a phase since the page was opened.
    """
    by_kind = {
        phase.kind: phase for phase in ProjectPhase.objects.select_for_update().filter(project=project)
    }
    for dates in phases:
        values = {field: getattr(dates, field) for field in PHASE_DATE_FIELDS}
        if dates.kind in by_kind:
            record_lock(by_kind[dates.kind], version=dates.version, values=values)
        phase = by_kind.get(dates.kind) or _phase_add(project=project, kind=dates.kind)
        by_kind[phase.kind] = phase
        _check_phase_dates(dates)
        changes = fields_assign(phase, values)
        if changes:
            phase.save(update_fields=list(changes))
            audit_record(
                action="projects.phase.updated",
                by=by,
                obj=phase,
                project_id=project.pk,
                object_repr=phase.get_kind_display(),
                changes=changes.as_audit(),
            )
    return sorted(by_kind.values(), key=lambda phase: phase.order)
