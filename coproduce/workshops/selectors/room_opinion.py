"""What the facilitator sees of the room's opinions on the current statements activity, read from the stored
result (services/snapshots.py), never worked out here: the opinion groups with the sectors in each, the
statements they differ on most, the common ground so far, and the statements close to it.

A statement is **close to common ground** when it is not common ground yet and exactly one opinion group or
sector stands in the way (the common-ground rule, `opinion.statements.above`: more than the threshold of every
group and every sector agreed), and that one agreed by no less than `NEAR_POINTS` percentage points under the
threshold. With the usual 60% threshold: every group and sector but one above 60%, the one at 50% to 60%.

The stored result is compared with the votes as they are (one counting query): when it is behind, the page
shows it with how many votes it counts, and the view asks for a newer one (`needs_update`), at most once
every `ASK_EVERY` while a room keeps voting, so the task works out one result at a time, not one per vote.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, replace

from django.db.models import Count, F, Max
from django.utils import timezone

from ..models import Activity, ActivityKind, ActivityState, ResultSnapshot, StatementVote, Workshop
from ..opinion import OpinionAnalysis
from ..opinion.statements import above
from .opinion import group_name, sector_label, statements_stored
from .opinion_summary import Share, StatementRow, StatementsSummary, statements_summary
from .snapshots import result_snapshot_get

NEAR_POINTS = 10
ASK_EVERY = datetime.timedelta(seconds=10)
DIFFERENCES = 3
NEAR_MOST = 5


@dataclass(frozen=True)
class GroupInRoom:
    """An opinion group: its size, how many of its people are in each sector, and the statement that sets it
    apart most (None when none does)."""

    name: str
    size: int
    sectors: tuple[tuple[str, int], ...]
    stands_out: StatementRow | None


@dataclass(frozen=True)
class NearConsensus:
    """A statement close to common ground, with the one group or sector (`short`) that stands in its way."""

    number: int
    text: str
    short: Share
    others: int  # how many groups and sectors are already above the threshold
    language: str = ""  # the statement's, as written ("" when not known)


@dataclass(frozen=True)
class RoomOpinion:
    """The opinion part of the room. `status`: "none" (no statements activity opened yet), "working" (no
    result stored yet), "not_enough" (stored, but too few votes for groups; `reason` says why) or "groups"."""

    activity: Activity | None
    status: str
    votes_now: int = 0
    votes_counted: int = 0
    pending: bool = False
    changed: bool = False  # a vote was changed after the stored result read the votes
    computed_at: datetime.datetime | None = None
    reason: str = ""
    groups: tuple[GroupInRoom, ...] = ()
    differences: tuple[StatementRow, ...] = ()
    common: tuple[StatementRow, ...] = ()
    near: tuple[NearConsensus, ...] = ()
    threshold_percent: int = 60

    @property
    def behind(self) -> bool:
        """The stored result counts fewer (or other) votes than there are now."""
        return self.status != "none" and (self.changed or self.votes_now != self.votes_counted)

    @property
    def needs_update(self) -> bool:
        """The stored result is behind, no newer one has been asked for, and it is `ASK_EVERY` old."""
        recent = self.computed_at is not None and timezone.now() - self.computed_at < ASK_EVERY
        return (
            self.activity is not None
            and self.votes_now > 0
            and self.behind
            and not self.pending
            and not recent
        )

    @property
    def near_floor(self) -> int:
        return self.threshold_percent - NEAR_POINTS


def room_statements_activity(*, workshop: Workshop, current: Activity | None) -> Activity | None:
    """The statements activity the room panel follows: the current activity when it is one, else the
    statements activity opened most recently (None when none has been opened)."""
    if current is not None and current.kind == ActivityKind.STATEMENTS:
        return current
    opened = Activity.objects.filter(workshop=workshop, kind=ActivityKind.STATEMENTS).exclude(
        state=ActivityState.DRAFT
    )
    return opened.order_by(F("opened_at").desc(nulls_last=True), "order").first()


def _behind(snapshot: ResultSnapshot | None, activity: Activity) -> tuple[int, bool]:
    """The number of votes now, and whether one changed after the stored result read them."""
    votes = StatementVote.objects.filter(statement__activity=activity).aggregate(
        n=Count("id"), latest=Max("updated_at")
    )
    read_at = snapshot.inputs_read_at if snapshot else None
    changed = bool(votes["latest"] and read_at and votes["latest"] > read_at)
    return votes["n"], changed


def _groups(summary: StatementsSummary) -> tuple[GroupInRoom, ...]:
    mix = Counter((group, sector) for _, group, sector in summary.members)
    return tuple(
        GroupInRoom(
            name=g.name,
            size=g.size,
            sectors=tuple(
                sorted(((s, n) for (name, s), n in mix.items() if name == g.name), key=lambda x: -x[1])
            ),
            stands_out=g.rows[0] if g.rows else None,
        )
        for g in summary.representative
    )


def _standing(analysis: OpinionAnalysis, statement: object) -> list[Share]:
    """Every group's and (when participants gave sectors) every sector's raw agreement with `statement`."""
    consensus = next(c for c in analysis.consensus if c.statement == statement)
    shares = [Share(group_name(g.group), g.n_votes, g.n_agree) for g in consensus.groups]
    for item in analysis.cross_sector:
        if item.statement == statement:
            shares += [Share(sector_label(s.sector), s.n_votes, s.n_agree) for s in item.sectors]
    return shares


def near_consensus(
    *, analysis: OpinionAnalysis, texts: dict[int, str], languages: dict[int, str] | None = None
) -> tuple[NearConsensus, ...]:
    """Statements close to common ground (see the module's rule), the closest first, with their `texts` and
    the `languages` they were written in (by number)."""
    threshold = analysis.common_ground_threshold
    floor = round(100 * threshold) - NEAR_POINTS
    found = []
    for item in analysis.consensus:
        if item.common_ground:
            continue
        shares = _standing(analysis, item.statement)
        short = [s for s in shares if not above(((s.n, s.share),), threshold)]
        if len(short) == 1 and short[0].n > 0 and 100 * short[0].count >= floor * short[0].n:
            number = int(item.statement)
            language = (languages or {}).get(number, "")
            found.append(NearConsensus(number, texts.get(number, ""), short[0], len(shares) - 1, language))
    found.sort(key=lambda near: (-near.short.share, near.number))
    return tuple(found[:NEAR_MOST])


def room_opinion(*, workshop: Workshop, current: Activity | None) -> RoomOpinion:
    """The opinion part of the room for `workshop`, whose current activity is `current`."""
    activity = room_statements_activity(workshop=workshop, current=current)
    if activity is None:
        return RoomOpinion(activity=None, status="none")
    snapshot = result_snapshot_get(activity=activity)
    votes_now, changed = _behind(snapshot, activity)
    if snapshot is None or snapshot.payload is None:
        pending = snapshot is not None and snapshot.is_pending
        return RoomOpinion(activity=activity, status="working", votes_now=votes_now, pending=pending)
    result = statements_stored(activity=activity, payload=snapshot.payload, n_votes=snapshot.n_votes)
    analysis = result.analysis
    base = RoomOpinion(
        activity=activity,
        status="groups" if analysis.status == "groups" else "not_enough",
        votes_now=votes_now,
        votes_counted=snapshot.n_votes,
        pending=snapshot.is_pending,
        changed=changed,
        computed_at=snapshot.computed_at,
        reason=analysis.reason,
        threshold_percent=round(100 * analysis.common_ground_threshold),
    )
    if analysis.status != "groups":
        return base
    summary = statements_summary(result=result)
    texts = {n: s.text for n, s in result.statements.items()}
    languages = {n: s.language for n, s in result.statements.items()}
    return replace(
        base,
        groups=_groups(summary),
        differences=summary.divisive[:DIFFERENCES],
        common=summary.consensus,
        near=near_consensus(analysis=analysis, texts=texts, languages=languages),
    )
