"""Reads for the projector: the idea board laid out to fit one screen, and every result as rows of bars.

The board is laid out here, not in the browser: `board_layout` picks how many rows of cards the screen
holds so that the cards are as large as they can be, and each column (or cluster) takes as many tracks of
the board's grid as its cards need. The stylesheet turns the numbers into grid tracks and sizes the text
to each card (container query units), so 100 cards fit a 1280 x 720 screen without scrolling.
Bars are given as percentages (0 to 100) for SVG widths: no inline styles.
"""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Max

from ..models import Activity, Card, StatementVote, Workshop
from .live import StatementTally, participation_by_sector
from .results import DotRow, PairwiseRow

BOARD_MOST = 200  # cards shown at once; a bigger board shows its latest
SCREEN_ASPECT = 1.9  # width over height of the part of a 16:9 screen the board fills
CARD_ASPECT = 2.2  # a card's width over its height at its best
MAX_TRACKS = 30  # the stylesheet has classes for this many tracks
MAX_ROWS = 40
BARS_MOST = 10  # rows of bars shown at once


@dataclass(frozen=True)
class BoardGroup:
    """One column (or cluster) of the board, taking `span` tracks of the board's grid."""

    title: str
    cards: tuple[Card, ...]
    span: int


@dataclass(frozen=True)
class BoardLayout:
    groups: tuple[BoardGroup, ...]
    rows: int  # rows of cards, the same in every column
    tracks: int  # the board's grid tracks: the sum of the groups' spans
    n_cards: int  # cards on the board, shown or not
    by_cluster: bool

    @property
    def n_shown(self) -> int:
        return sum(len(group.cards) for group in self.groups)


def _fit(counts: list[int]) -> tuple[int, list[int]]:
    """The rows of cards (and each group's span) that make the cards largest on a 16:9 screen."""
    best: tuple[float, int, list[int]] = (-1.0, 1, [1] * len(counts))
    for rows in range(1, max([1, *counts]) + 1):
        spans = [max(1, math.ceil(n / rows)) for n in counts]
        if rows > MAX_ROWS or sum(spans) > MAX_TRACKS:
            continue
        size = min(SCREEN_ASPECT / sum(spans) / CARD_ASPECT, 1 / rows)
        if size > best[0]:
            best = (size, rows, spans)
    return best[1], best[2]


def _groups(activity: Activity, cards: list[Card]) -> tuple[list[tuple[str, list[Card]]], bool]:
    clusters = sorted({c.cluster for c in cards if c.cluster}, key=lambda k: (k.order, k.pk))
    if clusters:
        found = [(k.title, [c for c in cards if c.cluster == k]) for k in clusters]
        loose = [c for c in cards if c.cluster is None]
        return found + ([("Not in a cluster", loose)] if loose else []), True
    names = [str(c) for c in activity.columns or []]
    names += sorted({c.column for c in cards} - set(names))
    return [(name, [c for c in cards if c.column == name]) for name in names], False


def board_layout(*, activity: Activity, most: int = BOARD_MOST) -> BoardLayout:
    """The board's shown cards (not hidden, not merged) by cluster when it has any, else by column, laid
    out to fit one screen; past `most` cards, the latest `most`."""
    shown = Card.objects.filter(activity=activity, hidden=False, merged_into__isnull=True)
    n_cards = shown.count()
    latest = shown.select_related("cluster").order_by("-created_at", "-id")[:most]
    cards = sorted(latest, key=lambda c: (c.created_at, c.pk))
    named, by_cluster = _groups(activity, cards)
    while len(named) > MAX_TRACKS:  # more columns than tracks: the fullest ones
        named.remove(min(named, key=lambda g: len(g[1])))
    rows, spans = _fit([len(group) for _, group in named])
    groups = tuple(
        BoardGroup(title=t, cards=tuple(g), span=s) for (t, g), s in zip(named, spans, strict=True)
    )
    return BoardLayout(groups=groups, rows=rows, tracks=sum(spans), n_cards=n_cards, by_cluster=by_cluster)


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label, its number in words, and the bar's length out of 100. `language` is
    a card's (as written: "" when not known); None for a label the team wrote (a cluster, a sector)."""

    label: str
    value: str
    percent: float
    language: str | None = None


def dot_bars(*, rows: tuple[DotRow, ...], most: int = BARS_MOST) -> list[Bar]:
    top = max((row.dots for row in rows), default=0) or 1
    return [
        Bar(row.label, f"{row.dots} dot{'s' if row.dots != 1 else ''}", 100 * row.dots / top, row.language)
        for row in rows[:most]
    ]


@dataclass(frozen=True)
class StatementBar:
    number: int
    text: str
    language: str  # as written ("" when not known)
    votes: int
    agree: float  # percentages of the votes
    disagree: float
    passed: float

    @property
    def disagree_from(self) -> float:
        return self.agree

    @property
    def pass_from(self) -> float:
        return self.agree + self.disagree


def statement_bars(*, tally: list[StatementTally], most: int = BARS_MOST) -> list[StatementBar]:
    """The statements with most votes first (then in order), each as shares of agree, disagree, pass."""
    ranked = sorted(tally, key=lambda row: (-row.votes, row.number))[:most]
    return [
        StatementBar(
            number=row.number,
            text=row.text,
            language=row.language,
            votes=row.votes,
            agree=100 * row.agree / (row.votes or 1),
            disagree=100 * row.disagree / (row.votes or 1),
            passed=100 * row.passed / (row.votes or 1),
        )
        for row in ranked
    ]


def pairwise_bars(*, rows: tuple[PairwiseRow, ...], most: int = BARS_MOST) -> tuple[PairwiseRow, ...]:
    """The highest scores first, as stored (each score and its interval are already out of 100)."""
    return rows[:most]


def sector_bars(*, workshop: Workshop) -> list[Bar]:
    """Participants by sector (every sector, so a missing one shows as missing), with what they added."""
    rows = participation_by_sector(workshop=workshop)
    top = max((row.participants for row in rows), default=0) or 1
    return [
        Bar(
            row.label,
            f"{row.participants} ({row.share}%), {row.contributions} "
            f"contribution{'s' if row.contributions != 1 else ''}",
            100 * row.participants / top,
        )
        for row in rows
    ]


def opinion_votes_since(*, activity: Activity, read_at: datetime.datetime, n_votes: int) -> bool:
    """Whether a statements activity's votes changed since `read_at`, when `n_votes` were stored: one
    aggregate query, so an open map is worked out again only when there is something new."""
    found = StatementVote.objects.filter(statement__activity=activity).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    return found["n"] != n_votes or (found["last"] is not None and found["last"] > read_at)
