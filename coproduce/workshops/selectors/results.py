"""The results of a workshop and of a series, for the team (what participants may see is not limited here:
"hidden until revealed" applies to participants' pages, not to the team's results).

Each activity gives one result by kind: ideas by column and cluster (idea board), dots ranked (dot voting),
the statements analysis (statements), scores with intervals (pairwise). The last two are read as stored
(models/results.py), never worked out here: while none is stored, the result says it is being worked out.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from ..models import (
    Activity,
    ActivityKind,
    Card,
    Cluster,
    PairwiseOption,
    ParticipantSector,
    ResultSnapshot,
    Statement,
    StatementVote,
    Workshop,
    WorkshopSeries,
    WorkshopStatus,
)
from ..pairwise import OptionScore, PairwiseScores
from ..result_payloads import pairwise_decode
from .dots import DotCount, cluster_dots, dot_counts, dot_voters
from .live import SectorParticipation, participation_by_sector
from .opinion import OpinionMap, StatementsResult, VoteCounts, opinion_map, statements_stored
from .opinion_summary import StatementsSummary
from .opinion_summary import statements_summary as summarise
from .snapshots import result_snapshot_get


@dataclass(frozen=True)
class ClusterGroup:
    """Cards of one column in one cluster (``cluster`` None: cards not in a cluster)."""

    cluster: Cluster | None
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class ColumnIdeas:
    column: str
    groups: tuple[ClusterGroup, ...]
    n_cards: int


@dataclass(frozen=True)
class ClusterCount:
    cluster: Cluster
    n_cards: int
    dots: int = 0


@dataclass(frozen=True)
class DotRow:
    label: str
    kind: str
    dots: int
    share: float
    language: str | None = None  # a card's, as written ("" when not known); None for a cluster's title


@dataclass(frozen=True)
class PairwiseRow:
    text: str
    score: OptionScore


@dataclass(frozen=True)
class ActivityResult:
    """One activity's result; only the fields of its kind are filled in."""

    activity: Activity
    columns: tuple[ColumnIdeas, ...] = ()
    clusters: tuple[ClusterCount, ...] = ()
    n_cards: int = 0
    dots: tuple[DotRow, ...] = ()
    n_dots: int = 0
    n_dot_voters: int = 0
    statements: StatementsResult | None = None
    summary: StatementsSummary | None = None
    map: OpinionMap | None = None
    pairwise: PairwiseScores | None = None
    pairwise_rows: tuple[PairwiseRow, ...] = ()
    snapshot: ResultSnapshot | None = None
    dot_counts: tuple[DotCount, ...] = ()

    @property
    def working(self) -> bool:
        """A stored result is needed and none is ready yet: it is being worked out."""
        stored = self.activity.kind in (ActivityKind.PAIRWISE, ActivityKind.STATEMENTS)
        return stored and (self.snapshot is None or not self.snapshot.is_ready)

    @property
    def updating(self) -> bool:
        """A result is shown while a newer one is being worked out."""
        return self.snapshot is not None and self.snapshot.is_ready and self.snapshot.is_pending


@dataclass(frozen=True)
class WorkshopResults:
    workshop: Workshop
    activities: tuple[ActivityResult, ...]
    participation: tuple[SectorParticipation, ...]
    n_participants: int
    carry_targets: tuple[Workshop, ...] = field(default_factory=tuple)


def cards_visible(*, activity: Activity) -> list[Card]:
    """The cards of an idea board that are still shown: not hidden by a moderator, not merged into another."""
    return list(
        Card.objects.filter(activity=activity, hidden=False, merged_into__isnull=True).select_related(
            "cluster"
        )
    )


def clusters_ranked(*, activity: Activity) -> list[ClusterCount]:
    """The board's clusters with their visible cards and the dots they got (on the cluster or its cards in
    any dot voting, see `dots.cluster_dots`), most dots then most cards first."""
    visible = Q(cards__hidden=False, cards__merged_into__isnull=True)
    clusters = list(
        Cluster.objects.filter(activity=activity)
        .annotate(n_cards=Count("cards", filter=visible))
        .order_by("order", "id")
    )
    dots = cluster_dots(cluster_ids=[c.pk for c in clusters])
    counted = [ClusterCount(cluster=c, n_cards=c.n_cards, dots=dots.get(c.pk, 0)) for c in clusters]
    return sorted(counted, key=lambda c: (-c.dots, -c.n_cards, c.cluster.order))


def _columns(activity: Activity, cards: list[Card]) -> tuple[ColumnIdeas, ...]:
    names = list(activity.columns or []) + sorted({c.column for c in cards} - set(activity.columns or []))
    result = []
    for name in names:
        in_column = [c for c in cards if c.column == name]
        clusters = sorted({c.cluster for c in in_column if c.cluster}, key=lambda k: (k.order, k.pk))
        groups = [ClusterGroup(k, tuple(c for c in in_column if c.cluster == k)) for k in clusters]
        loose = tuple(c for c in in_column if c.cluster is None)
        if loose:
            groups.append(ClusterGroup(None, loose))
        result.append(ColumnIdeas(column=name, groups=tuple(groups), n_cards=len(in_column)))
    return tuple(result)


def idea_board_result(*, activity: Activity) -> ActivityResult:
    cards = cards_visible(activity=activity)
    return ActivityResult(
        activity=activity,
        columns=_columns(activity, cards),
        clusters=tuple(clusters_ranked(activity=activity)),
        n_cards=len(cards),
    )


def dot_vote_result(*, activity: Activity) -> ActivityResult:
    """The cards and clusters that got dots, most first (counted by the database: `dots.dot_counts`)."""
    counts = dot_counts(activity_ids=[activity.pk])
    total, voters = dot_voters(activity_ids=[activity.pk]).get(activity.pk, (0, 0))
    rows = tuple(
        DotRow(label=c.cluster if c.on_cluster else c.card, kind="cluster" if c.on_cluster else "card",
               dots=c.dots, share=c.dots / total, language=None if c.on_cluster else c.language)
        for c in sorted(counts, key=lambda c: (-c.dots, c.cluster if c.on_cluster else c.card))
    )  # fmt: skip
    return ActivityResult(activity=activity, dots=rows, n_dots=total, n_dot_voters=voters)


def pairwise_stored(
    *, activity: Activity, snapshot: ResultSnapshot | None, texts: dict[Hashable, str]
) -> ActivityResult:
    """The scores stored in `snapshot` with the options' `texts` (by id) as they are now."""
    if snapshot is None or snapshot.payload is None:
        return ActivityResult(activity=activity, snapshot=snapshot)
    scores = pairwise_decode(snapshot.payload)
    rows = tuple(PairwiseRow(text=texts.get(s.option, ""), score=s) for s in scores.options)
    return ActivityResult(activity=activity, pairwise=scores, pairwise_rows=rows, snapshot=snapshot)


def pairwise_result(*, activity: Activity) -> ActivityResult:
    """The stored scores with the options' texts as they are now."""
    snapshot = result_snapshot_get(activity=activity)
    if snapshot is None or snapshot.payload is None:
        return ActivityResult(activity=activity, snapshot=snapshot)
    texts: dict[Hashable, str] = dict(
        PairwiseOption.objects.filter(activity=activity).values_list("pk", "text")
    )
    return pairwise_stored(activity=activity, snapshot=snapshot, texts=texts)


def statements_stored_result(
    *, activity: Activity, snapshot: ResultSnapshot | None, statements: dict[int, Statement] | None = None
) -> ActivityResult:
    """The opinion groups, consensus and cross-sector figures stored in `snapshot`, with the statements
    (by number; read here when not given) as they are now."""
    if snapshot is None or snapshot.payload is None:
        return ActivityResult(activity=activity, snapshot=snapshot)
    result = statements_stored(
        activity=activity, payload=snapshot.payload, n_votes=snapshot.n_votes, statements=statements
    )
    return ActivityResult(
        activity=activity,
        statements=result,
        summary=summarise(result=result),
        map=opinion_map(analysis=result.analysis),
        snapshot=snapshot,
    )


def statements_result(*, activity: Activity) -> ActivityResult:
    """The stored opinion groups, consensus and cross-sector figures, with the statements as they are now."""
    return statements_stored_result(activity=activity, snapshot=result_snapshot_get(activity=activity))


RESULTS = {
    ActivityKind.IDEA_BOARD: idea_board_result,
    ActivityKind.DOT_VOTE: dot_vote_result,
    ActivityKind.STATEMENTS: statements_result,
    ActivityKind.PAIRWISE: pairwise_result,
}


def activity_result(*, activity: Activity) -> ActivityResult:
    return RESULTS[ActivityKind(activity.kind)](activity=activity)


def carry_targets(*, workshop: Workshop) -> tuple[Workshop, ...]:
    """The later workshops of the same series: where an activity's statements or clusters can go next."""
    later = Workshop.objects.filter(series=workshop.series, starts_at__gt=workshop.starts_at).exclude(
        status=WorkshopStatus.ENDED
    )
    return tuple(later.order_by("starts_at", "id"))


def workshop_results(*, workshop: Workshop) -> WorkshopResults:
    """Every activity of the workshop with its result (in agenda order), and participation by sector."""
    activities = Activity.objects.filter(workshop=workshop).select_related("source")
    participation = tuple(participation_by_sector(workshop=workshop))
    return WorkshopResults(
        workshop=workshop,
        activities=tuple(activity_result(activity=a) for a in activities),
        participation=participation,
        n_participants=sum(s.participants for s in participation),
        carry_targets=carry_targets(workshop=workshop),
    )


@dataclass(frozen=True)
class SeriesWorkshop:
    workshop: Workshop
    participation: tuple[SectorParticipation, ...]
    n_participants: int
    top_clusters: tuple[ClusterCount, ...]


@dataclass(frozen=True)
class CarriedStatement:
    """A statement carried from workshop to workshop: its text and its votes in each workshop of the
    series (``None`` where it was not asked)."""

    text: str
    counts: tuple[VoteCounts | None, ...]
    language: str = ""  # as written in the first workshop ("" when not known)


@dataclass(frozen=True)
class SeriesResults:
    series: WorkshopSeries
    workshops: tuple[SeriesWorkshop, ...]
    carried: tuple[CarriedStatement, ...]
    sectors: tuple[tuple[str, str], ...]


TOP_CLUSTERS = 3


def _top_clusters(workshop: Workshop) -> tuple[ClusterCount, ...]:
    boards = Activity.objects.filter(workshop=workshop, kind=ActivityKind.IDEA_BOARD)
    ranked = [c for board in boards for c in clusters_ranked(activity=board)]
    ranked.sort(key=lambda c: (-c.dots, -c.n_cards))
    return tuple(ranked[:TOP_CLUSTERS])


def _vote_counts(statements: list[Statement]) -> dict[int, VoteCounts]:
    rows = (
        StatementVote.objects.filter(statement__in=statements)
        .values("statement_id")
        .annotate(
            agree=Count("id", filter=Q(value=1)),
            disagree=Count("id", filter=Q(value=-1)),
            passed=Count("id", filter=Q(value=0)),
        )
    )
    return {
        r["statement_id"]: VoteCounts(agree=r["agree"], disagree=r["disagree"], passed=r["passed"])
        for r in rows
    }


def statements_carried(*, series: WorkshopSeries, workshops: list[Workshop]) -> tuple[CarriedStatement, ...]:
    """Statements asked in more than one workshop of the series (linked by ``carried_from``)."""
    statements = list(Statement.objects.filter(activity__workshop__series=series).select_related("activity"))
    by_pk = {s.pk: s for s in statements}

    def root(statement: Statement) -> Statement:
        seen = {statement.pk}
        while statement.carried_from_id in by_pk and statement.carried_from_id not in seen:
            statement = by_pk[statement.carried_from_id]
            seen.add(statement.pk)
        return statement

    chains: dict[int, list[Statement]] = {}
    for statement in statements:
        chains.setdefault(root(statement).pk, []).append(statement)
    counts = _vote_counts(statements)
    position = {w.pk: i for i, w in enumerate(workshops)}
    carried = []
    for pk, chain in chains.items():
        if len(chain) < 2:
            continue
        cells: list[VoteCounts | None] = [None] * len(workshops)
        for statement in chain:
            cells[position[statement.activity.workshop_id]] = counts.get(statement.pk, VoteCounts())
        carried.append(
            CarriedStatement(text=by_pk[pk].text, counts=tuple(cells), language=by_pk[pk].language)
        )
    return tuple(carried)


def series_results(*, series: WorkshopSeries) -> SeriesResults:
    """Each workshop of the series side by side: participants by sector, top clusters, carried statements."""
    workshops = list(Workshop.objects.filter(series=series).order_by("starts_at", "id"))
    rows = []
    for workshop in workshops:
        participation = tuple(participation_by_sector(workshop=workshop))
        rows.append(
            SeriesWorkshop(
                workshop=workshop,
                participation=participation,
                n_participants=sum(s.participants for s in participation),
                top_clusters=_top_clusters(workshop),
            )
        )
    return SeriesResults(
        series=series,
        workshops=tuple(rows),
        carried=statements_carried(series=series, workshops=workshops),
        sectors=tuple((s.value, str(s.label)) for s in ParticipantSector),
    )
