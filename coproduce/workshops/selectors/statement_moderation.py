"""Reads for moderating a statements activity: its statements by status, with their authors and votes."""

import uuid
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from ..models import Activity, ActivityKind, Statement, StatementStatus, Workshop
from .live import activity_of_kind_get


@dataclass(frozen=True)
class StatementsToModerate:
    waiting: list[Statement]  # participants' statements a facilitator has not yet checked, oldest first
    shown: list[Statement]  # on everyone's phones: seeds and accepted participants' statements
    taken_out: list[Statement]  # rejected: on no phone, left out of the results


def statements_activity_get(*, workshop: Workshop, public_id: uuid.UUID) -> Activity:
    """A statements activity of the workshop (404 for any other activity)."""
    return activity_of_kind_get(workshop=workshop, public_id=public_id, kind=ActivityKind.STATEMENTS)


def statements_to_moderate(*, activity: Activity) -> StatementsToModerate:
    """Every statement of `activity` with `author` and `vote_count`, grouped by status, by number."""
    statements = list(
        Statement.objects.filter(activity=activity)
        .select_related("author")
        .annotate(vote_count=Count("votes"))
        .order_by("number")
    )
    return StatementsToModerate(
        waiting=[s for s in statements if s.status == StatementStatus.PENDING],
        shown=[s for s in statements if s.status == StatementStatus.ACCEPTED],
        taken_out=[s for s in statements if s.status == StatementStatus.REJECTED],
    )


def statement_for_moderation(*, activity: Activity, public_id: uuid.UUID) -> Statement:
    statement = Statement.objects.filter(activity=activity, public_id=public_id).first()
    if statement is None:
        raise Http404("No such statement.")
    return statement
