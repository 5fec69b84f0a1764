"""The statements analysis of one statements activity: its votes, read from the database, through
`opinion_analyse`, with each participant's sector.

Participants are known to the analysis by their number in the workshop, statements by their number in the
activity (Pol.is's voter-id and comment-id). Statements moderated out (rejected) are left out of every figure
but their votes still count towards a participant's minimum, as Pol.is does; statements waiting for
moderation have no votes. A participant who preferred not to give a sector has no sector here.
"""

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Activity, ParticipantSector, Statement, StatementStatus, StatementVote
from ..opinion import AnalysisOptions, OpinionAnalysis, opinion_analyse
from ..result_payloads import opinion_decode


@dataclass(frozen=True)
class VoteCounts:
    """Everyone's votes on one statement: agree, disagree and pass, with their shares of all votes."""

    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def n(self) -> int:
        return self.agree + self.disagree + self.passed

    def _share(self, count: int) -> float:
        return count / self.n if self.n else 0.0

    @property
    def agree_share(self) -> float:
        return self._share(self.agree)

    @property
    def disagree_share(self) -> float:
        return self._share(self.disagree)

    @property
    def pass_share(self) -> float:
        return self._share(self.passed)


@dataclass(frozen=True)
class StatementsResult:
    """The analysis, the statements by number, each statement's vote counts, and the participants'
    sectors by number ("" for no sector)."""

    activity: Activity
    analysis: OpinionAnalysis
    statements: dict[int, Statement]
    counts: dict[int, VoteCounts] = field(default_factory=dict)
    sectors: dict[int, str] = field(default_factory=dict)
    votes: tuple[tuple[int, int, int], ...] = ()
    n_votes: int = 0


def statement_votes(*, activity: Activity) -> list[tuple[int, int, int, str]]:
    """(participant number, statement number, value, participant's sector) for every vote."""
    rows = StatementVote.objects.filter(statement__activity=activity).values_list(
        "participant__number", "statement__number", "value", "participant__sector"
    )
    return [(int(p), int(s), int(v), str(sector)) for p, s, v, sector in rows.order_by("id")]


def _counts(votes: list[tuple[int, int, int, str]]) -> dict[int, VoteCounts]:
    tally: dict[int, list[int]] = {}
    for _, statement, value, _ in votes:
        row = tally.setdefault(statement, [0, 0, 0])
        row[{1: 0, -1: 1, 0: 2}[value]] += 1
    return {s: VoteCounts(agree=a, disagree=d, passed=p) for s, (a, d, p) in tally.items()}


def opinion_figures(
    *,
    votes: Sequence[tuple[int, int, int, str]],
    rejected: Collection[int],
    options: AnalysisOptions | None = None,
) -> tuple[OpinionAnalysis, dict[int, VoteCounts], dict[int, str]]:
    """The analysis of `votes` (as `statement_votes` gives them) leaving out the statements `rejected`, each
    statement's vote counts, and each participant's sector ("" for none given)."""
    sectors = {p: sector for p, _, _, sector in votes if sector != ParticipantSector.PREFER_NOT}
    analysis = opinion_analyse(
        votes=[(p, s, v) for p, s, v, _ in votes],
        sectors=sectors,
        excluded_statements=rejected,
        options=options,
    )
    given = {p: ("" if sector == ParticipantSector.PREFER_NOT else sector) for p, _, _, sector in votes}
    return analysis, _counts(list(votes)), given


def statements_analyse(*, activity: Activity, options: AnalysisOptions | None = None) -> StatementsResult:
    """Run the statements analysis on `activity` (a statements activity) now, from its votes."""
    votes = statement_votes(activity=activity)
    statements = {s.number: s for s in Statement.objects.filter(activity=activity)}
    rejected = [n for n, s in statements.items() if s.status == StatementStatus.REJECTED]
    analysis, counts, sectors = opinion_figures(votes=votes, rejected=rejected, options=options)
    return StatementsResult(
        activity=activity,
        analysis=analysis,
        statements=statements,
        counts=counts,
        sectors=sectors,
        votes=tuple((p, s, v) for p, s, v, _ in votes),
        n_votes=len(votes),
    )


def statements_stored(
    *,
    activity: Activity,
    payload: dict[str, Any],
    n_votes: int,
    statements: dict[int, Statement] | None = None,
) -> StatementsResult:
    """The statements analysis as it was stored (models/results.py), with the statements (by number; read
    here when not given) as they are now."""
    analysis, counts, sectors = opinion_decode(payload)
    if statements is None:
        statements = {s.number: s for s in Statement.objects.filter(activity=activity)}
    return StatementsResult(
        activity=activity,
        analysis=analysis,
        statements=statements,
        counts={n: VoteCounts(agree=a, disagree=d, passed=p) for n, (a, d, p) in counts.items()},
        sectors=sectors,
        n_votes=n_votes,
    )


GROUP_SHAPES = ("circle", "square", "triangle", "diamond", "cross")
GROUP_COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#6f72af", "#b58840")
MAP_SIZE = 400
MAP_PAD = 24
SPREAD = 9
TOP = 5


def group_name(label: int) -> str:
    """Groups are named by letter, as Pol.is does: Group A, Group B ..."""
    return f"Group {chr(ord('A') + label)}"


def sector_label(value: str) -> str:
    return str(ParticipantSector(value).label) if value in ParticipantSector.values else "No sector given"


@dataclass(frozen=True)
class MapPoint:
    participant: int
    group: int
    x: float
    y: float
    shape: str
    colour: str
    name: str


@dataclass(frozen=True)
class MapGroup:
    label: int
    name: str
    shape: str
    colour: str
    size: int
    legend_y: int


@dataclass(frozen=True)
class OpinionMap:
    """The opinion map laid out in an SVG of ``size`` x ``size`` (plus a legend): a point per participant,
    each group with its own shape and colour, and a plain-English description."""

    size: int
    height: int
    points: tuple[MapPoint, ...]
    groups: tuple[MapGroup, ...]
    description: str


def _scaled(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    span = high - low or 1.0
    return [MAP_PAD + (v - low) / span * (MAP_SIZE - 2 * MAP_PAD) for v in values]


def _spread(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """People who voted alike land on the same spot: set each of them a little apart, on a small circle
    around it, so every person stays visible."""
    spots: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        spots.setdefault((round(x), round(y)), []).append(i)
    xs, ys = list(xs), list(ys)
    for together in spots.values():
        if len(together) < 2:
            continue
        for k, i in enumerate(together):
            angle = 2 * math.pi * k / len(together)
            xs[i] += SPREAD * math.cos(angle)
            ys[i] += SPREAD * math.sin(angle)
    return xs, ys


def opinion_map(*, analysis: OpinionAnalysis) -> OpinionMap | None:
    """The map of participants by group, or None when there are no groups yet."""
    if analysis.status != "groups" or not analysis.placements:
        return None
    xs, ys = _spread(
        _scaled([p.x for p in analysis.placements]), _scaled([-p.y for p in analysis.placements])
    )
    points = tuple(
        MapPoint(
            participant=int(p.participant),
            group=p.group,
            x=x,
            y=y,
            shape=GROUP_SHAPES[p.group % 5],
            colour=GROUP_COLOURS[p.group % 5],
            name=group_name(p.group),
        )
        for p, x, y in zip(analysis.placements, xs, ys, strict=True)
    )
    groups = tuple(
        MapGroup(
            label=g.label,
            name=group_name(g.label),
            shape=GROUP_SHAPES[g.label % 5],
            colour=GROUP_COLOURS[g.label % 5],
            size=len(g.members),
            legend_y=MAP_SIZE + 24 + 24 * i,
        )
        for i, g in enumerate(analysis.groups)
    )
    sizes = ", ".join(f"{g.name} ({g.shape} markers) {g.size}" for g in groups)
    description = (
        f"{len(points)} participants placed by how they voted, in {len(groups)} opinion groups: {sizes}. "
        "People close together voted alike; people who voted the same way are drawn in a small ring."
    )
    height = MAP_SIZE + 24 + 24 * len(groups)
    return OpinionMap(size=MAP_SIZE, height=height, points=points, groups=groups, description=description)
