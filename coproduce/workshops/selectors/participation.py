"""What a participant's own screen shows: their cards, the dots they may place, the next statement, a pair.

Reads only what one participant may see: their own contributions while an activity is open, everyone's
once the facilitator reveals the results.
"""

import itertools
import random
import uuid
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ..models import (
    Activity,
    ActivityState,
    Card,
    Cluster,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    Participant,
    Statement,
    StatementStatus,
    StatementVote,
    VoteTarget,
    Workshop,
)


def join_code_clean(join_code: str) -> str:
    return "".join(join_code.split()).upper()


def workshop_for_code(*, join_code: str) -> Workshop | None:
    """The workshop with this join code whatever its status (case and spaces ignored), or None."""
    found = Workshop.objects.select_related("project").filter(join_code=join_code_clean(join_code))
    return next(iter(found.order_by()[:1]), None)  # the code is unique: no ordering needed


def participants_for_code(*, join_code: str, public_ids: Collection[uuid.UUID]) -> QuerySet[Participant]:
    """The participants with these public ids in the workshop with this join code, each with its workshop:
    what a phone's cookies name, read in one query. A participant who left is not among them."""
    return (
        Participant.objects.select_related("workshop")
        .filter(
            workshop__join_code=join_code_clean(join_code), public_id__in=public_ids, left_at__isnull=True
        )
        .order_by()
    )


def activities_answered(*, workshop: Workshop, public_id: uuid.UUID) -> list[Activity]:
    """In one query: the activity of `workshop` an answer names (when it is one), and the workshop's open
    activities, among which `selectors.core.activity_open_latest` finds the one the answer page shows. Each
    holds `workshop`, so answering and drawing the page do not read it again."""
    answered_or_open = Q(public_id=public_id) | Q(state=ActivityState.OPEN)
    activities = list(Activity.objects.filter(answered_or_open, workshop=workshop).order_by())
    for activity in activities:
        activity.workshop = workshop
    return activities


def cards_visible(*, activity: Activity | None = None, activity_id: int = 0) -> QuerySet[Card]:
    """The cards everyone may see: not hidden by the facilitator and not merged into another card. Of
    `activity`, or of the activity with the primary key `activity_id` (when only that is at hand)."""
    board = activity.pk if activity is not None else activity_id
    return Card.objects.filter(activity_id=board, hidden=False, merged_into__isnull=True)


def cards_of_participant(*, activity: Activity, participant: Participant) -> QuerySet[Card]:
    return Card.objects.filter(activity=activity, participant=participant, merged_into__isnull=True)


def card_in_workshop(*, workshop: Workshop, public_id: uuid.UUID) -> Card | None:
    """The card with `public_id` on one of the workshop's idea boards, with its activity and workshop."""
    cards = Card.objects.select_related("activity__workshop")
    return cards.filter(activity__workshop=workshop, public_id=public_id).first()


@dataclass(frozen=True)
class DotTarget:
    """A card or cluster to place dots on, with the participant's dots and (once revealed) everyone's."""

    field: str  # "card" or "cluster"
    public_id: uuid.UUID
    text: str
    mine: int
    total: int
    language: str | None = None  # a card's, as written ("" when not known); None for a cluster's title


def dot_targets(*, activity: Activity, participant: Participant) -> list[DotTarget]:
    source_id = activity.source_id or activity.pk  # the idea board, without reading it
    dots = DotVote.objects.filter(activity=activity)
    rows: list[tuple[int, uuid.UUID, str, str | None]]
    if activity.vote_on == VoteTarget.CLUSTERS:
        field = "cluster"
        rows = [(c.pk, c.public_id, c.title, None) for c in Cluster.objects.filter(activity_id=source_id)]
    else:
        field = "card"
        rows = [(c.pk, c.public_id, c.text, c.language) for c in cards_visible(activity_id=source_id)]
    mine = Counter(dots.filter(participant=participant).values_list(f"{field}_id", flat=True))
    totals = Counter(dots.values_list(f"{field}_id", flat=True)) if activity.is_revealed else Counter()
    return [
        DotTarget(field, public_id, text, mine[pk], totals[pk], language)
        for pk, public_id, text, language in rows
    ]


def dots_used(*, activity: Activity, participant: Participant) -> int:
    return DotVote.objects.filter(activity=activity, participant=participant).count()


def statements_shown(*, activity: Activity) -> QuerySet[Statement]:
    return Statement.objects.filter(activity=activity, status=StatementStatus.ACCEPTED)


def statement_queue(
    *, activity: Activity, participant: Participant, after: int | None = None, most: int = 50
) -> list[Statement]:
    """The statements the participant has not voted on, in the order the phone shows them: from the one
    after number `after` (a skip) to the last, then from the first; at most `most`."""
    unvoted = statements_shown(activity=activity).exclude(votes__participant=participant).order_by("number")
    queue = list(unvoted[:most] if after is None else unvoted.filter(number__gt=after)[:most])
    if len(queue) < most and after is not None:
        queue += unvoted.filter(number__lte=after)[: most - len(queue)]
    return queue


def statement_progress(*, activity: Activity, participant: Participant) -> tuple[int, int]:
    """(statements voted on, statements shown) for the participant."""
    shown = statements_shown(activity=activity)
    voted = StatementVote.objects.filter(statement__in=shown, participant=participant).count()
    return voted, shown.count()


def statement_results(*, activity: Activity) -> QuerySet[Statement]:
    """Statements with `agree`, `disagree` and `passed` counts, most agreed first."""
    return (
        statements_shown(activity=activity)
        .annotate(
            agree=Count("votes", filter=Q(votes__value=1)),
            disagree=Count("votes", filter=Q(votes__value=-1)),
            passed=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by("-agree", "number")
    )


def pairwise_pair(
    *, activity: Activity, participant: Participant, skip: frozenset[uuid.UUID] = frozenset()
) -> tuple[PairwiseOption, PairwiseOption] | None:
    """Two options at random among the pairs this participant compared least (not `skip` if avoidable)."""
    options = list(PairwiseOption.objects.filter(activity=activity))
    if len(options) < 2:
        return None
    seen = Counter(
        frozenset(pair)
        for pair in PairwiseVote.objects.filter(activity=activity, participant=participant).values_list(
            "winner_id", "loser_id"
        )
    )
    pairs = [pair for pair in itertools.combinations(options, 2) if {o.public_id for o in pair} != skip]
    pairs = pairs or list(itertools.combinations(options, 2))
    fewest = min(seen[frozenset(o.pk for o in pair)] for pair in pairs)
    least = [pair for pair in pairs if seen[frozenset(o.pk for o in pair)] == fewest]
    # A fair shuffle, not a secret: knowing the order gains a participant nothing.
    first, second = random.choice(least)  # noqa: S311
    return (first, second) if random.random() < 0.5 else (second, first)  # noqa: S311
