"""Reads for running a workshop live: who may listen to its sockets, tallies, counts, participation balance.

The tallies and counts are general (typed dataclasses, no HTML) so the results pages reuse them.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coproduce.projects.models import Membership
from coproduce.projects.permissions import Need, ProjectRole

from ..identity import participant_from_cookie
from ..models import (
    Activity,
    ActivityKind,
    Card,
    Cluster,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    Participant,
    ParticipantSector,
    Statement,
    StatementStatus,
    StatementVote,
    VoteTarget,
    Workshop,
)

ACTIVE_MINUTES = 5  # how recently a phone must have been in touch to count as active


def workshop_for_screens(
    *, user: AbstractBaseUser | AnonymousUser, workshop_id: uuid.UUID | str
) -> Workshop | None:
    """The workshop, when `user` is a member of its project who may view it (the facilitator's and
    projector's socket); otherwise None."""
    if not user.is_authenticated or not user.is_active:
        return None
    workshop = Workshop.objects.select_related("project").filter(public_id=workshop_id).first()
    if workshop is None:
        return None
    membership = Membership.objects.filter(project_id=workshop.project_id, user_id=user.pk).first()
    if membership is None or not ProjectRole(membership.role).allows(Need.VIEW_PROJECT):
        return None
    return workshop


def participant_for_people(*, workshop_id: uuid.UUID | str, cookies: Mapping[str, str]) -> Participant | None:
    """The participant whose cookie (sent with the socket handshake) names them in this workshop, or None."""
    workshop = Workshop.objects.filter(public_id=workshop_id).first()
    if workshop is None:
        return None
    return participant_from_cookie(workshop=workshop, cookies=cookies)


@dataclass(frozen=True)
class TallyRow:
    """Dots on one card or cluster of a dot vote's idea board."""

    public_id: uuid.UUID
    kind: str  # "card" or "cluster"
    text: str
    column: str
    dots: int


def dot_tally(*, activity: Activity) -> list[TallyRow]:
    """Dots per card (or per cluster, if the vote is on clusters) of the board the vote draws on, most first.

    Shown cards are all listed, with or without dots; a card hidden after it received dots keeps its row.
    """
    board_id = activity.source_id or activity.pk
    if activity.vote_on == VoteTarget.CLUSTERS:
        clusters = (
            Cluster.objects.filter(activity_id=board_id)
            .annotate(n=Count("dots", filter=Q(dots__activity=activity)))
            .order_by("order", "id")
        )
        rows = [TallyRow(c.public_id, "cluster", c.title, "", c.n) for c in clusters]
    else:
        cards = (
            Card.objects.filter(activity_id=board_id)
            .annotate(n=Count("dots", filter=Q(dots__activity=activity)))
            .filter(Q(hidden=False) | Q(n__gt=0))
            .order_by("created_at", "id")
        )
        rows = [TallyRow(c.public_id, "card", c.text, c.column, c.n) for c in cards]
    return sorted(rows, key=lambda row: -row.dots)


@dataclass(frozen=True)
class StatementTally:
    number: int
    text: str
    language: str  # the language it was written in ("" when not known)
    agree: int
    disagree: int
    passed: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passed


def statement_tally(*, activity: Activity) -> list[StatementTally]:
    """Agree, disagree and pass votes on each statement shown to participants, in statement order."""
    statements = (
        Statement.objects.filter(activity=activity, status=StatementStatus.ACCEPTED)
        .annotate(
            agree=Count("votes", filter=Q(votes__value=1)),
            disagree=Count("votes", filter=Q(votes__value=-1)),
            passed=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by("number")
    )  # a grouped query does not take the model's ordering
    return [StatementTally(s.number, s.text, s.language, s.agree, s.disagree, s.passed) for s in statements]


@dataclass(frozen=True)
class ActivityCounts:
    """How much an activity has received: `contributions` in the unit of its kind, from `contributors`."""

    contributions: int
    contributors: int
    unit: str  # "cards", "dots", "votes" or "choices"
    cards: int = 0
    dots: int = 0
    statements: int = 0
    statement_votes: int = 0
    pairwise_votes: int = 0
    statements_waiting: int = 0  # participants' statements waiting for a facilitator


@dataclass(frozen=True)
class StatementCounts:
    shown: int  # accepted: on everyone's phones
    waiting: int  # participants' statements waiting for a facilitator


def statement_counts(*, activity: Activity) -> StatementCounts:
    counts = Statement.objects.filter(activity=activity).aggregate(
        shown=Count("pk", filter=Q(status=StatementStatus.ACCEPTED)),
        waiting=Count("pk", filter=Q(status=StatementStatus.PENDING)),
    )
    return StatementCounts(shown=counts["shown"], waiting=counts["waiting"])


def _counted(rows: QuerySet[Any], unit: str, field: str, **extra: int) -> ActivityCounts:
    totals = rows.aggregate(n=Count("id"), people=Count("participant", distinct=True))
    return ActivityCounts(totals["n"], totals["people"], unit, **{field: totals["n"]}, **extra)


def activity_counts(*, activity: Activity) -> ActivityCounts:
    if activity.kind == ActivityKind.IDEA_BOARD:
        shown = Card.objects.filter(activity=activity, hidden=False)
        return _counted(shown, "cards", "cards")
    if activity.kind == ActivityKind.DOT_VOTE:
        return _counted(DotVote.objects.filter(activity=activity), "dots", "dots")
    if activity.kind == ActivityKind.STATEMENTS:
        statements = statement_counts(activity=activity)
        votes = StatementVote.objects.filter(statement__activity=activity)
        return _counted(
            votes,
            "votes",
            "statement_votes",
            statements=statements.shown,
            statements_waiting=statements.waiting,
        )
    return _counted(PairwiseVote.objects.filter(activity=activity), "choices", "pairwise_votes")


@dataclass(frozen=True)
class SectorParticipation:
    """One sector's share of a workshop: who came and what they contributed."""

    sector: str
    label: str
    participants: int
    cards: int
    statement_votes: int
    dots: int
    pairwise_votes: int
    share: int  # percentage of the workshop's participants, rounded

    @property
    def contributions(self) -> int:
        return self.cards + self.statement_votes + self.dots + self.pairwise_votes


def _per_sector(rows: QuerySet[Any], field: str = "participant__sector") -> dict[str, int]:
    return {row[field]: row["n"] for row in rows.values(field).annotate(n=Count("id")).order_by()}


def participation_by_sector(*, workshop: Workshop) -> list[SectorParticipation]:
    """Every sector, in the taxonomy's order, with its participants and contributions (zeros included,
    so a sector that is missing shows as missing)."""
    people = _per_sector(Participant.objects.filter(workshop=workshop), "sector")
    in_workshop = {"activity__workshop": workshop}
    cards = _per_sector(Card.objects.filter(**in_workshop, participant__isnull=False))
    votes = _per_sector(StatementVote.objects.filter(statement__activity__workshop=workshop))
    dots = _per_sector(DotVote.objects.filter(**in_workshop))
    choices = _per_sector(PairwiseVote.objects.filter(**in_workshop))
    total = sum(people.values())
    return [
        SectorParticipation(
            sector=str(value),
            label=str(label),
            participants=people.get(value, 0),
            cards=cards.get(value, 0),
            statement_votes=votes.get(value, 0),
            dots=dots.get(value, 0),
            pairwise_votes=choices.get(value, 0),
            share=round(100 * people.get(value, 0) / total) if total else 0,
        )
        for value, label in ParticipantSector.choices
    ]


def participant_count(*, workshop: Workshop) -> int:
    return Participant.objects.filter(workshop=workshop).count()


def participants_active(*, workshop: Workshop, minutes: int = ACTIVE_MINUTES) -> int:
    """People whose phone was in touch (opened a page, a socket, or voted) in the last `minutes`.

    `last_seen_at` is written at most once a minute (services.participation.participant_seen), so this
    can count someone up to a minute late."""
    since = timezone.now() - timedelta(minutes=minutes)
    return Participant.objects.filter(workshop=workshop, on_paper=False, last_seen_at__gte=since).count()


@dataclass(frozen=True)
class BoardColumn:
    title: str
    cards: list[Card]


def board_columns(*, activity: Activity, with_hidden: bool = False) -> list[BoardColumn]:
    """An idea board's cards by column, in the board's column order (cards in other columns come last)."""
    cards = Card.objects.filter(activity=activity).select_related("cluster").order_by("created_at", "id")
    if not with_hidden:
        cards = cards.filter(hidden=False)
    by_column: dict[str, list[Card]] = {str(c): [] for c in activity.columns or []}
    for card in cards:
        by_column.setdefault(card.column, []).append(card)
    return [BoardColumn(title, found) for title, found in by_column.items()]


def cluster_list(*, activity: Activity) -> QuerySet[Cluster]:
    """An idea board's clusters, each with its shown cards (`shown_cards`) and how many there are."""
    shown = Prefetch("cards", queryset=Card.objects.filter(hidden=False), to_attr="shown_cards")
    return Cluster.objects.filter(activity=activity).prefetch_related(shown)


def cards_unclustered(*, activity: Activity) -> QuerySet[Card]:
    """Shown cards not yet in a cluster: the ones cluster suggestions are made from."""
    return Card.objects.filter(activity=activity, hidden=False, cluster__isnull=True)


@dataclass(frozen=True)
class LiveItem:
    activity: Activity
    counts: ActivityCounts


def live_agenda(*, workshop: Workshop) -> list[LiveItem]:
    """The workshop's activities in order, each with its counts so far."""
    activities = Activity.objects.filter(workshop=workshop).select_related("workshop", "source")
    return [LiveItem(activity, activity_counts(activity=activity)) for activity in activities]


def activity_of_kind_get(*, workshop: Workshop, public_id: uuid.UUID, kind: ActivityKind) -> Activity:
    """An activity of `kind` in the workshop (404 for any other activity)."""
    activity = (
        Activity.objects.select_related("workshop__project")
        .filter(workshop=workshop, public_id=public_id, kind=kind)
        .first()
    )
    if activity is None:
        raise Http404(f"No such {kind.label.lower()}.")
    return activity


def board_get(*, workshop: Workshop, public_id: uuid.UUID) -> Activity:
    """An idea board of the workshop (404 for any other activity)."""
    return activity_of_kind_get(workshop=workshop, public_id=public_id, kind=ActivityKind.IDEA_BOARD)


def card_get(*, activity: Activity, public_id: uuid.UUID) -> Card:
    card = Card.objects.filter(activity=activity, public_id=public_id).select_related("cluster").first()
    if card is None:
        raise Http404("No such card.")
    return card


def cluster_get(*, activity: Activity, public_id: uuid.UUID) -> Cluster:
    cluster = Cluster.objects.filter(activity=activity, public_id=public_id).first()
    if cluster is None:
        raise Http404("No such cluster.")
    return cluster


def cards_merge_targets(*, card: Card) -> list[Card]:
    """The shown cards of the same board that `card` may be merged into."""
    return list(
        Card.objects.filter(activity_id=card.activity_id, hidden=False, merged_into__isnull=True).exclude(
            pk=card.pk
        )
    )


NoteTarget = Card | Cluster | Statement | PairwiseOption


def note_targets(*, activity: Activity) -> dict[str, NoteTarget]:
    """What a note-taker may choose for an answer on paper to `activity`, by public id: the shown cards (or
    clusters) for a dot, the statements shown for a vote, the options for a pairwise choice."""
    found: QuerySet[Any]
    if activity.kind == ActivityKind.DOT_VOTE:
        board_id = activity.source_id or activity.pk
        if activity.vote_on == VoteTarget.CLUSTERS:
            found = Cluster.objects.filter(activity_id=board_id)
        else:
            found = Card.objects.filter(activity_id=board_id, hidden=False)
    elif activity.kind == ActivityKind.STATEMENTS:
        found = Statement.objects.filter(activity=activity, status=StatementStatus.ACCEPTED)
    elif activity.kind == ActivityKind.PAIRWISE:
        found = PairwiseOption.objects.filter(activity=activity)
    else:
        return {}
    return {str(row.public_id): row for row in found}


def paper_people(*, workshop: Workshop) -> QuerySet[Participant]:
    """The workshop's participants entered on paper by a note-taker."""
    return Participant.objects.filter(workshop=workshop, on_paper=True)
