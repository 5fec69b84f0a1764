"""What the results page, the report and the exports show of a statements activity: representative
statements per group, the common ground (statements more than a stated share of every opinion group and every
sector agreed with, each group's and sector's raw share and number of votes beside it), where the groups
differ, and agreement across sectors. Every smoothed estimate is shown with the raw share it comes from."""

from dataclasses import dataclass, replace

from ..opinion import COMMON_GROUND, CrossSectorConsensus, GroupShare
from ..opinion.sectors import MIN_SECTOR_VOTES
from ..opinion.statements import above
from .opinion import TOP, StatementsResult, VoteCounts, group_name, sector_label


@dataclass(frozen=True)
class Share:
    """Part of a group's or a sector's votes on a statement: ``count`` of its ``n`` votes (raw), and the
    smoothed estimate (1 + count) / (2 + n) where a figure uses one."""

    name: str
    n: int
    count: int
    smoothed: float | None = None

    @property
    def share(self) -> float:
        return self.count / self.n if self.n else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def smoothed_percent(self) -> int | None:
        return None if self.smoothed is None else round(100 * self.smoothed)


@dataclass(frozen=True)
class StatementRow:
    """A statement with everyone's votes on it and the figure it is listed for; ``shares`` are the groups'
    (and for common ground the sectors') agreement, ``group`` the listing group's share in ``direction``."""

    number: int
    text: str
    counts: VoteCounts
    language: str = ""  # the statement's, as written ("" when not known)
    figure: float = 0.0
    direction: str = ""
    shares: tuple[Share, ...] = ()
    group: Share | None = None
    n_groups: int = 0

    @property
    def group_shares(self) -> tuple[Share, ...]:
        return self.shares[: self.n_groups]

    @property
    def sector_shares(self) -> tuple[Share, ...]:
        return self.shares[self.n_groups :]


@dataclass(frozen=True)
class GroupStatements:
    label: int
    name: str
    size: int
    rows: tuple[StatementRow, ...]


@dataclass(frozen=True)
class SectorCell:
    sector: str
    n_votes: int
    n_agree: int
    share: float

    @property
    def percent(self) -> int:
        return round(100 * self.share)


@dataclass(frozen=True)
class CrossSectorRow:
    """A statement's agreement by sector; ``score`` is the lowest smoothed agreement over sectors with 2 or
    more votes and ``lowest`` that sector's raw votes."""

    number: int
    text: str
    score: float | None
    cells: tuple[SectorCell, ...]
    lowest: Share | None = None
    common_ground: bool = False
    language: str = ""  # the statement's, as written ("" when not known)


@dataclass(frozen=True)
class StatementsSummary:
    """What the results page and the report show of a statements activity. ``consensus`` holds the common
    ground only: statements more than ``threshold`` of every group (and every sector) agreed with."""

    representative: tuple[GroupStatements, ...]
    consensus: tuple[StatementRow, ...]
    divisive: tuple[StatementRow, ...]
    sectors: tuple[str, ...]
    cross_sector: tuple[CrossSectorRow, ...]
    members: tuple[tuple[int, str, str], ...]
    threshold: float = COMMON_GROUND
    group_names: tuple[str, ...] = ()

    @property
    def threshold_percent(self) -> int:
        return round(100 * self.threshold)

    @property
    def common_ground_rule(self) -> str:
        """The threshold in words, as the page and the exports state it."""
        every = "every opinion group and every sector" if self.sectors else "every opinion group"
        return f"more than {self.threshold_percent}% of {every} agreed"

    @property
    def consensus_columns(self) -> tuple[str, ...]:
        """The groups, then the sectors when participants gave one (the common ground must hold in each)."""
        return self.group_names + self.sectors


def _row(result: StatementsResult, number: int, figure: float = 0.0, direction: str = "") -> StatementRow:
    statement = result.statements.get(number)
    return StatementRow(
        number=number,
        text=statement.text if statement else "",
        language=statement.language if statement else "",
        counts=result.counts.get(number, VoteCounts()),
        figure=figure,
        direction=direction,
    )


def _group_shares(groups: tuple[GroupShare, ...]) -> tuple[Share, ...]:
    return tuple(Share(group_name(g.group), g.n_votes, g.n_agree, g.smoothed) for g in groups)


def _sector_shares(item: CrossSectorConsensus | None) -> tuple[Share, ...]:
    if item is None:
        return ()
    return tuple(Share(sector_label(s.sector), s.n_votes, s.n_agree) for s in item.sectors)


def _cross_row(result: StatementsResult, item: CrossSectorConsensus) -> CrossSectorRow:
    threshold = result.analysis.common_ground_threshold
    counted = [s for s in item.sectors if s.n_votes >= MIN_SECTOR_VOTES]
    low = min(counted, key=lambda s: s.smoothed) if counted else None
    statement = _row(result, int(item.statement))
    return CrossSectorRow(
        number=statement.number,
        text=statement.text,
        language=statement.language,
        score=item.score,
        cells=tuple(SectorCell(s.sector, s.n_votes, s.n_agree, s.share) for s in item.sectors),
        lowest=Share(sector_label(low.sector), low.n_votes, low.n_agree, low.smoothed) if low else None,
        common_ground=above(tuple((s.n_votes, s.share) for s in item.sectors), threshold),
    )


def _representative(result: StatementsResult, top: int) -> tuple[GroupStatements, ...]:
    analysis = result.analysis
    return tuple(
        GroupStatements(
            label=g.label,
            name=group_name(g.label),
            size=len(g.members),
            rows=tuple(
                replace(
                    _row(result, int(r.statement), r.p_in, r.direction),
                    group=Share(group_name(g.label), r.n_votes, r.n_direction, r.p_in),
                )
                for r in analysis.repness[g.label][:top]
            ),
        )
        for g in analysis.groups
    )


def statements_summary(*, result: StatementsResult, top: int = TOP) -> StatementsSummary:
    """Representative statements per group, common ground (every statement above the threshold),
    divisive and cross-sector rows, best first."""
    analysis = result.analysis
    sectors = tuple(sorted({s.sector for c in analysis.cross_sector for s in c.sectors}))
    by_statement = {c.statement: c for c in analysis.cross_sector}
    common = tuple(
        replace(
            _row(result, int(c.statement), c.agree),
            shares=_group_shares(c.groups) + _sector_shares(by_statement.get(c.statement)),
            n_groups=len(c.groups),
        )
        for c in analysis.consensus
        if c.common_ground
    )
    members = tuple(
        (int(p.participant), group_name(p.group), sector_label(result.sectors.get(int(p.participant), "")))
        for p in sorted(analysis.placements, key=lambda p: int(p.participant))
    )
    return StatementsSummary(
        representative=_representative(result, top),
        consensus=common,
        divisive=tuple(
            replace(
                _row(result, int(d.statement), d.variance),
                shares=_group_shares(d.groups),
                n_groups=len(d.groups),
            )
            for d in analysis.divisive[:top]
        ),
        sectors=tuple(sector_label(s) for s in sectors),
        cross_sector=tuple(_cross_row(result, c) for c in analysis.cross_sector),
        members=members,
        threshold=analysis.common_ground_threshold,
        group_names=tuple(group_name(g.label) for g in analysis.groups),
    )
