"""Screening writes: eligibility criteria and decisions on records."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..models import Criterion, CriterionKind, Decision, Reference, ScreeningDecision, ScreeningStage


@transaction.atomic
def criterion_create(*, project: Project, kind: str, label: str, description: str, by: User) -> Criterion:
    """Add an inclusion or exclusion criterion; exclusions are the reasons offered when excluding."""
    order = Criterion.objects.filter(project=project, kind=kind).count()
    criterion = Criterion.objects.create(
        project=project, kind=kind, label=label.strip(), description=description.strip(), order=order
    )
    audit_record(action="evidence.criterion.created", by=by, obj=criterion, project_id=project.pk)
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, label: str, description: str, by: User) -> Criterion:
    criterion.label, criterion.description = label.strip(), description.strip()
    criterion.save(update_fields=["label", "description"])
    audit_record(action="evidence.criterion.updated", by=by, obj=criterion, project_id=criterion.project_id)
    return criterion


def _check_reason(*, reference: Reference, decision: str, reason: Criterion | None) -> None:
    if reason is not None and (
        reason.project_id != reference.project_id or reason.kind != CriterionKind.EXCLUDE
    ):
        raise ValidationError({"reason": "Choose one of this project's exclusion criteria."})
    if decision != Decision.EXCLUDE and reason is not None:
        raise ValidationError({"reason": "A reason goes with an exclusion only."})
    needs_reason = Criterion.objects.filter(
        project_id=reference.project_id, kind=CriterionKind.EXCLUDE
    ).exists()
    if decision == Decision.EXCLUDE and reason is None and needs_reason:
        raise ValidationError({"reason": "Choose why this record is excluded."})


@transaction.atomic
def reference_screen(
    *,
    reference: Reference,
    decision: str,
    by: User,
    stage: str = ScreeningStage.TITLE_ABSTRACT,
    reason: Criterion | None = None,
    note: str = "",
    offered_as: str = "",
) -> ScreeningDecision:
    """Record one person's decision on one record; earlier decisions stay in the log."""
    if reference.duplicate_of_id is not None:
        raise ValidationError("This record is a duplicate and is not screened.")
    _check_reason(reference=reference, decision=decision, reason=reason)
    made = ScreeningDecision.objects.create(
        reference=reference,
        stage=stage,
        decision=decision,
        reason=reason,
        note=note,
        screened_by=by,
        offered_as=offered_as,
    )
    audit_record(
        action="evidence.reference.screened",
        by=by,
        obj=reference,
        project_id=reference.project_id,
        object_repr=f"Record {reference.pk}",
        changes={"stage": stage, "decision": decision, "reason": reason.label if reason else ""},
    )
    return made
