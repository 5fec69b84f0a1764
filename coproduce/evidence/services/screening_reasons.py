"""Giving a reason to an exclusion already recorded: the second, optional key of excluding by keyboard."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User

from ..models import Criterion, Decision, Reference, ScreeningDecision
from .screening import reference_screen


@transaction.atomic
def decision_reason_add(*, decision: ScreeningDecision, reason: Criterion, by: User) -> ScreeningDecision:
    """Record `by`'s exclusion of the same record again, with `reason` (and the first one's note and the
    way the record was offered); the first decision stays in the log. Only the person's latest decision on
    that record may be given a reason, so a reason never lands on a decision they have since changed."""
    Reference.objects.select_for_update().filter(pk=decision.reference_id).first()  # one change at a time
    latest = (
        ScreeningDecision.objects.filter(
            reference_id=decision.reference_id, stage=decision.stage, screened_by=by
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None or latest.pk != decision.pk:
        raise ValidationError("You have changed your decision on this record since, so no reason was added.")
    if decision.decision != Decision.EXCLUDE:
        raise ValidationError("A reason goes with an exclusion only.")
    if decision.reason_id == reason.pk:
        return decision
    return reference_screen(
        reference=decision.reference,
        decision=Decision.EXCLUDE,
        stage=decision.stage,
        reason=reason,
        note=decision.note,
        offered_as=decision.offered_as,
        by=by,
    )
