"""What the facilitator sees of the room: who is here by sector against the project's sampling targets, which
sectors are missing, below target or quiet, and which sectors here have not yet taken part in the current
activity.

The rules, as the facilitator's page states them:

- a sector's *target share* is its sampling target (people/selectors.py) as a share of all the project's
  targets; a sector is **missing** when it has a target and no one here, and **below target** when its
  share of the room is `BELOW_TARGET_POINTS` or more percentage points under its target share;
- a sector is **quiet** when its people have made fewer than half as many contributions each to the current
  activity as the room as a whole has (`QUIET_RATIO`), and **not yet** when they have made none.

These are team pages: counts are exact (core/small_counts.py governs what reaches the public). The reads are
a fixed handful of queries however many people and sectors there are.
"""

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, QuerySet

from coproduce.people.selectors import sampling_target_map

from ..models import (
    Activity,
    ActivityKind,
    ActivityState,
    Card,
    DotVote,
    PairwiseVote,
    Participant,
    ParticipantSector,
    StatementVote,
    Workshop,
)
from .core import activity_current

BELOW_TARGET_POINTS = 10
QUIET_RATIO = 0.5

# What one contribution to an activity of each kind is, in words: (verb for a prompt, "one,many" nouns).
KIND_WORDS = {
    ActivityKind.IDEA_BOARD: ("added a card", "card,cards"),
    ActivityKind.DOT_VOTE: ("placed a dot", "dot,dots"),
    ActivityKind.STATEMENTS: ("voted on a statement", "vote,votes"),
    ActivityKind.PAIRWISE: ("made a choice", "choice,choices"),
}


@dataclass(frozen=True)
class SectorInRoom:
    """One sector in the room. `share` and `target_share` are whole percentages; `target` is None when the
    sector has no sampling target. `contributions` and `contributors` count the current activity only."""

    sector: str
    label: str
    people: int
    share: int
    target: int | None
    target_share: int | None
    contributions: int
    contributors: int
    flags: tuple[str, ...]  # any of "missing", "below_target", "quiet", "not_yet"

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class RoomParticipation:
    """The room by sector. `activity` is the current activity (None before any has been opened); `prompts`
    name each sector here that has not yet taken part in it while it is open."""

    sectors: tuple[SectorInRoom, ...]
    people: int
    has_targets: bool
    activity: Activity | None
    contributions: int
    unit: str  # "card,cards": for the pluralize filter
    prompts: tuple[str, ...]
    absent: tuple[str, ...]  # sectors with no one here and no target, by label

    @property
    def below_target_points(self) -> int:
        return BELOW_TARGET_POINTS

    @property
    def flagged(self) -> tuple[SectorInRoom, ...]:
        return tuple(s for s in self.sectors if s.flagged)


def _contributions(activity: Activity) -> QuerySet[Any]:
    if activity.kind == ActivityKind.IDEA_BOARD:
        return Card.objects.filter(activity=activity, participant__isnull=False)
    if activity.kind == ActivityKind.DOT_VOTE:
        return DotVote.objects.filter(activity=activity)
    if activity.kind == ActivityKind.STATEMENTS:
        return StatementVote.objects.filter(statement__activity=activity)
    return PairwiseVote.objects.filter(activity=activity)


def contributions_by_sector(*, activity: Activity) -> dict[str, tuple[int, int]]:
    """(contributions, contributors) to `activity` per participant sector, in one query."""
    rows = (
        _contributions(activity)
        .values("participant__sector")
        .annotate(n=Count("id"), people=Count("participant", distinct=True))
        .order_by()
    )
    return {row["participant__sector"]: (row["n"], row["people"]) for row in rows}


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _flags(row: SectorInRoom, room_rate: float, counting: bool) -> tuple[str, ...]:
    if row.sector == ParticipantSector.PREFER_NOT:
        return ()
    if row.people == 0:
        return ("missing",) if row.target else ()
    flags = []
    if row.target_share is not None and row.share <= row.target_share - BELOW_TARGET_POINTS:
        flags.append("below_target")
    if counting and row.contributions == 0:
        flags.append("not_yet")
    elif counting and row.contributions / row.people < QUIET_RATIO * room_rate:
        flags.append("quiet")
    return tuple(flags)


def _prompt(row: SectorInRoom, activity: Activity) -> str:
    verb, _ = KIND_WORDS[ActivityKind(activity.kind)]
    here = f"{row.people} {'person' if row.people == 1 else 'people'} here"
    return f"No one from {row.label} has {verb} yet ({here})."


def room_participation(*, workshop: Workshop) -> RoomParticipation:
    """Who is in the room by sector, against the project's sampling targets, and how each sector is taking
    part in the current activity. Sectors come in the taxonomy's order; a sector is listed when it has
    people here or a target."""
    targets = sampling_target_map(project=workshop.project)
    people = {
        row["sector"]: row["n"]
        for row in Participant.objects.filter(workshop=workshop)
        .values("sector")
        .annotate(n=Count("id"))
        .order_by()
    }
    activity = activity_current(workshop=workshop)
    made = contributions_by_sector(activity=activity) if activity else {}
    total, all_targets = sum(people.values()), sum(targets.values())
    contributions = sum(n for n, _ in made.values())
    counting = activity is not None and activity.state == ActivityState.OPEN and total > 0
    room_rate = contributions / total if total else 0.0
    rows, absent = [], []
    for value, label in ParticipantSector.choices:
        here, target = people.get(value, 0), targets.get(value)
        if not here and not target:
            if value != ParticipantSector.PREFER_NOT:
                absent.append(str(label))
            continue
        n, who = made.get(value, (0, 0))
        row = SectorInRoom(
            sector=str(value),
            label=str(label),
            people=here,
            share=_percent(here, total),
            target=target,
            target_share=_percent(target, all_targets) if target else None,
            contributions=n,
            contributors=who,
            flags=(),
        )
        rows.append(replace(row, flags=_flags(row, room_rate, counting)))
    prompts = tuple(_prompt(r, activity) for r in rows if activity and "not_yet" in r.flags)
    unit = KIND_WORDS[ActivityKind(activity.kind)][1] if activity else ""
    return RoomParticipation(
        sectors=tuple(rows),
        people=total,
        has_targets=bool(targets),
        activity=activity,
        contributions=contributions,
        unit=unit,
        prompts=prompts,
        absent=tuple(absent),
    )
