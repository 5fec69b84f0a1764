"""Screening writes: eligibility criteria and decisions on records."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.versions import NEW, EditConflict, FieldConflict, record_lock, record_version
from coproduce.projects.models import Project
from coproduce.projects.permissions import may_resolve_disagreement

from ..models import (
    LOGGED_DECISIONS,
    WITHDRAWN,
    Criterion,
    CriterionKind,
    Decision,
    DualScreeningSetting,
    Reference,
    ScreeningDecision,
    ScreeningStage,
)
from ..selectors.history import RECORD_PAGE, decision_seen
from ..selectors.screening import RESOLUTION, dual_screening_setting_get, dual_votes, in_dual_sample


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
def criterion_update(
    *, criterion: Criterion, label: str, description: str, by: User, version: str | None = None
) -> Criterion:
    """Change a criterion's wording; EditConflict if it changed since `version` (the edit form's)."""
    label, description = label.strip(), description.strip()
    record_lock(criterion, version=version, values={"label": label, "description": description})
    criterion.label, criterion.description = label, description
    criterion.save(update_fields=["label", "description"])
    audit_record(action="evidence.criterion.updated", by=by, obj=criterion, project_id=criterion.project_id)
    return criterion


def _check_reason(*, reference: Reference, decision: str, reason: Criterion | None, stage: str) -> None:
    if reason is not None and (
        reason.project_id != reference.project_id or reason.kind != CriterionKind.EXCLUDE
    ):
        raise ValidationError({"reason": "Choose one of this project's exclusion criteria."})
    if decision != Decision.EXCLUDE and reason is not None:
        raise ValidationError({"reason": "A reason goes with an exclusion only."})
    needs_reason = (
        stage == ScreeningStage.FULL_TEXT
        and Criterion.objects.filter(project_id=reference.project_id, kind=CriterionKind.EXCLUDE).exists()
    )
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
    version: str | None = None,
) -> ScreeningDecision:
    """Record one person's decision on one record; earlier decisions stay in the log.

    With `version` (selectors.history.decision_version, as the page saw it; NEW when it showed no decision),
    EditConflict if the decision the person sees on the record changed since, in another tab or by someone
    else: nothing is saved."""
    if reference.duplicate_of_id is not None:
        raise ValidationError("This record is a duplicate and is not screened.")
    _check_reason(reference=reference, decision=decision, reason=reason, stage=stage)  # optional at title
    Reference.objects.select_for_update().filter(pk=reference.pk).first()  # one decision at a time per record
    seen = decision_seen(reference=reference, screener_id=by.pk, stage=stage)
    if version is not None and record_version(seen) != version:
        raise _conflict(seen, decision=decision, reason=reason, note=note)
    made = ScreeningDecision.objects.create(
        reference=reference,
        stage=stage,
        decision=decision,
        reason=reason,
        note=note,
        screened_by=by,
        offered_as=offered_as,
    )
    made.refresh_from_db()  # as read back, so that its version (core.versions) is the one pages will see
    audit_record(
        action="evidence.reference.screened",
        by=by,
        obj=reference,
        project_id=reference.project_id,
        object_repr=f"Record {reference.pk}",
        changes={
            "stage": stage,
            "decision": decision,
            "reason": reason.label if reason else "",
            "before": seen.decision if seen else "",
        },
    )
    return made


def _conflict(
    seen: ScreeningDecision | None, *, decision: str, reason: Criterion | None = None, note: str = ""
) -> EditConflict:
    """The decision saved meanwhile beside the one refused, as the record page shows them."""
    who = seen.screened_by.full_name if seen and seen.screened_by else "a former team member"
    theirs = f"{seen.get_decision_display()} ({who}, {seen.created_at:%d %b %Y %H:%M})" if seen else ""
    fields = [
        FieldConflict(
            "decision", "Decision", theirs or "No decision", dict(LOGGED_DECISIONS).get(decision, decision)
        ),
        FieldConflict(
            "reason",
            "Reason to exclude",
            str(seen.reason) if seen and seen.reason else "(blank)",
            str(reason) if reason else "(blank)",
        ),
        FieldConflict("note", "Note", (seen.note if seen else "") or "(blank)", note or "(blank)"),
    ]
    return EditConflict(version=record_version(seen), fields=[f for f in fields if f.theirs != f.yours])


@transaction.atomic
def decision_change(
    *,
    reference: Reference,
    decision: str,
    by: User,
    version: str | None,
    reason: Criterion | None = None,
    note: str = "",
    stage: str = ScreeningStage.TITLE_ABSTRACT,
) -> ScreeningDecision:
    """Make or change one's decision from the record page; the new row keeps how the record was first
    offered to them (a blind vote stays a vote, a resolution a resolution), or says the record page."""
    own = decision_seen(reference=reference, screener_id=by.pk, stage=stage, own=True)
    offered_as = own.offered_as if own is not None else RECORD_PAGE
    return reference_screen(
        reference=reference, decision=decision, reason=reason, note=note, offered_as=offered_as,
        stage=stage, by=by, version=version,
    )  # fmt: skip


@transaction.atomic
def decision_withdraw(
    *, reference: Reference, by: User, version: str | None, stage: str = ScreeningStage.TITLE_ABSTRACT
) -> ScreeningDecision:
    """Undo one's own decision: a WITHDRAWN row is added and the record is unscreened for them again.

    EditConflict if their decision changed since `version` (decision_version(own=True) as the page saw)."""
    Reference.objects.select_for_update().filter(pk=reference.pk).first()
    own = decision_seen(reference=reference, screener_id=by.pk, stage=stage, own=True)
    if own is None and version in (None, NEW):
        raise ValidationError("You have no decision on this record to undo.")
    if version is not None and record_version(own) != version:
        raise _conflict(own, decision=WITHDRAWN)
    assert own is not None  # noqa: S101 narrows the type: a missing decision is refused above
    made = ScreeningDecision.objects.create(
        reference=reference, stage=stage, decision=WITHDRAWN, screened_by=by, offered_as=own.offered_as
    )
    made.refresh_from_db()
    audit_record(
        action="evidence.decision.withdrawn",
        by=by,
        obj=reference,
        project_id=reference.project_id,
        object_repr=f"Record {reference.pk}",
        changes={"stage": stage, "before": own.decision},
    )
    return made


@transaction.atomic
def dual_screening_set(
    *, project: Project, share_percent: int, by: User, version: str | None = None
) -> DualScreeningSetting:
    """Set the share of records two people screen blind; the seed is drawn once so the sample stays put.

    EditConflict if someone set it since `version` (the form's; core.versions.NEW when it was never set)."""
    if not 0 <= share_percent <= 100:
        raise ValidationError({"share_percent": "Enter a share between 0 and 100."})
    current = DualScreeningSetting.objects.filter(project=project).first()
    record_lock(current, version=version, values={"share_percent": share_percent})
    setting, _ = DualScreeningSetting.objects.get_or_create(
        project=project, defaults={"seed": secrets.randbelow(2**31)}
    )
    setting.share_percent, setting.updated_by = share_percent, by
    setting.save(update_fields=["share_percent", "updated_by", "updated_at"])
    audit_record(
        action="evidence.dual_screening.updated",
        by=by,
        obj=setting,
        project_id=project.pk,
        object_repr=f"{share_percent}% dual screening",
        changes={"share_percent": share_percent},
    )
    return setting


@transaction.atomic
def conflict_resolve(
    *, reference: Reference, decision: str, by: User, reason: Criterion | None = None, note: str = ""
) -> ScreeningDecision:
    """Settle a disagreement between two blind screeners; only a third person may do it."""
    setting = dual_screening_setting_get(project=reference.project)
    sampled = setting is not None and in_dual_sample(
        reference_id=reference.pk, seed=setting.seed, share_percent=setting.share_percent
    )
    votes = dual_votes(project=reference.project, sample={reference.pk})[reference.pk]
    if not sampled or not votes.in_conflict:
        raise ValidationError("This record has no disagreement to resolve.")
    if not may_resolve_disagreement(user_id=by.pk, screener_ids=votes.votes):
        raise PermissionDenied("You screened this record, so someone else must resolve the disagreement.")
    made = reference_screen(
        reference=reference, decision=decision, reason=reason, note=note, offered_as=RESOLUTION, by=by
    )
    audit_record(
        action="evidence.conflict.resolved",
        by=by,
        obj=reference,
        project_id=reference.project_id,
        object_repr=f"Record {reference.pk}",
        changes={"decision": decision},
    )
    return made
