"""The workshop's participants as the facilitator sees them: joins per minute, and each person's
contributions (for removing someone who should not be counted: services.participation.participant_remove)."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, IntegerField, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from ..models import Card, DotVote, PairwiseVote, Participant, Statement, StatementVote, Workshop

JOIN_MINUTES = 10  # how far back the facilitator's joins-per-minute table goes
# What a participant contributes: (name, model, the field naming the participant). Cards and statements are
# removed with their author; votes, dots and choices cascade with the participant.
CONTRIBUTIONS: tuple[tuple[str, type[Model], str], ...] = (
    ("cards", Card, "participant"),
    ("statements", Statement, "author"),
    ("statement_votes", StatementVote, "participant"),
    ("dots", DotVote, "participant"),
    ("pairwise_votes", PairwiseVote, "participant"),
)


@dataclass(frozen=True)
class JoinMinute:
    start: datetime
    joins: int
    share: int  # of the busiest minute, 0 to 100, for the bar


@dataclass(frozen=True)
class JoinRate:
    """Joins by phone in each of the last `JOIN_MINUTES` minutes, oldest first."""

    minutes: list[JoinMinute]
    total: int
    busiest: JoinMinute | None


def joins_per_minute(*, workshop: Workshop, minutes: int = JOIN_MINUTES) -> JoinRate:
    """People who joined by code in each of the last `minutes` minutes, the current minute last. People
    entered on paper are left out: a note-taker is not a join. One query of at most a few hundred rows."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    starts = [now - timedelta(minutes=n) for n in range(minutes - 1, -1, -1)]
    joined = Participant.objects.filter(workshop=workshop, on_paper=False, created_at__gte=starts[0])
    counts = dict.fromkeys(starts, 0)
    for created in joined.values_list("created_at", flat=True):
        counts[timezone.localtime(created).replace(second=0, microsecond=0)] += 1
    most = max(counts.values())
    rows = [JoinMinute(start, n, round(100 * n / most) if most else 0) for start, n in counts.items()]
    busiest = max(rows, key=lambda row: row.joins) if most else None
    return JoinRate(rows, sum(counts.values()), busiest)


def _count_of(model: type[Model], field: str) -> Coalesce:
    rows = model._default_manager.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(
        Subquery(rows.annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()), Value(0)
    )


def participant_rows(*, workshop: Workshop) -> QuerySet[Participant]:
    """The workshop's participants, newest first, each with the number of each kind of contribution
    (`cards_count`, `statements_count`, ... as named in CONTRIBUTIONS) and their sum
    (`contributions_count`)."""
    counts: dict[str, Any] = {
        f"{name}_count": _count_of(model, field) for name, model, field in CONTRIBUTIONS
    }
    total = sum((F(name) for name in counts), start=Value(0))
    rows = Participant.objects.filter(workshop=workshop).annotate(**counts)
    return rows.annotate(contributions_count=total).order_by("-number")


def participant_for_removal(*, workshop: Workshop, public_id: uuid.UUID) -> Participant:
    """One participant of the workshop, with the same counts; 404 for anyone else's."""
    participant = participant_rows(workshop=workshop).filter(public_id=public_id).first()
    if participant is None:
        raise Http404("No such participant in this workshop.")
    return participant


def participant_contributions(*, participant: Participant) -> dict[str, int]:
    """How many of each kind of contribution the participant made (as in CONTRIBUTIONS)."""
    return {
        name: model._default_manager.filter(**{field: participant}).count()
        for name, model, field in CONTRIBUTIONS
    }
