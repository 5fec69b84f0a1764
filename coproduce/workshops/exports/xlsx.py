"""Every result of a workshop as one Excel workbook: sheets Cards, Clusters, Dots, Statements, Votes, Pairwise
and Participation, written by `coproduce.core.spreadsheets`, so a card starting with "=" is never run as a
formula.
People appear as participant numbers with their sector, never by name.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.core.spreadsheets import XLSX, Cell, Table, xlsx_bytes

from ..models import Card, DotVote, Participant, ParticipantSector, StatementVote, Workshop
from ..opinion import COMMON_GROUND
from ..selectors.opinion import VoteCounts, sector_label
from ..selectors.results import WorkshopResults, workshop_results

VOTE_WORDS = {1: "agree", -1: "disagree", 0: "pass"}


def _sector(value: str) -> str:
    return "" if value == ParticipantSector.PREFER_NOT else sector_label(value)


def _person(participant: Participant | None) -> list[Cell]:
    return [participant.number, _sector(participant.sector)] if participant else [None, ""]


def cards_rows(workshop: Workshop) -> list[list[Cell]]:
    cards = Card.objects.filter(activity__workshop=workshop).select_related(
        "activity", "cluster", "participant"
    )
    return [
        [
            c.activity.title, c.column, c.cluster.title if c.cluster else "", c.text, c.language,
            "yes" if c.hidden else "no", "yes" if c.merged_into_id else "no",
            *_person(c.participant),
        ]
        for c in cards.order_by("activity__order", "created_at", "id")
    ]  # fmt: skip


def clusters_rows(results: WorkshopResults) -> list[list[Cell]]:
    return [
        [r.activity.title, c.cluster.title, c.n_cards, c.dots, "yes" if c.cluster.carried_from_id else "no"]
        for r in results.activities
        for c in r.clusters
    ]


def _target(dot: DotVote) -> list[Cell]:
    """What the dot is on, and the language of a card's words (a cluster's title is the team's: blank)."""
    if dot.card and not dot.cluster:
        return [dot.card.text, dot.card.language]
    return [dot.cluster.title if dot.cluster else "", ""]


def dots_rows(workshop: Workshop) -> list[list[Cell]]:
    dots = DotVote.objects.filter(activity__workshop=workshop).select_related(
        "activity", "card", "cluster", "participant"
    )
    return [
        [
            d.activity.title, "cluster" if d.cluster else "card", *_target(d), *_person(d.participant),
        ]
        for d in dots.order_by("activity__order", "id")
    ]  # fmt: skip


def statements_rows(results: WorkshopResults) -> list[list[Cell]]:
    """Each statement's votes, its cross-sector score beside the raw agreement of the sector it comes from,
    and whether it is common ground (the threshold is in the column's heading)."""
    rows: list[list[Cell]] = []
    for r in results.activities:
        if r.statements is None or r.summary is None:
            continue
        cross = {row.number: row for row in r.summary.cross_sector}
        common = {row.number for row in r.summary.consensus}
        grouped = r.statements.analysis.status == "groups"
        for number, s in sorted(r.statements.statements.items()):
            counts = r.statements.counts.get(number, VoteCounts())
            row = cross.get(number)
            low = row.lowest if row else None
            rows.append([
                r.activity.title, number, s.text, s.language, s.get_status_display(),
                "yes" if s.is_seed else "no",
                counts.agree, counts.disagree, counts.passed, counts.n,
                row.score if row else None,
                low.name if low else "", low.count if low else None, low.n if low else None,
                ("yes" if number in common else "no") if grouped else "",
            ])  # fmt: skip
    return rows


def votes_rows(workshop: Workshop) -> list[list[Cell]]:
    votes = StatementVote.objects.filter(statement__activity__workshop=workshop).select_related(
        "statement__activity", "participant"
    )
    return [
        [v.statement.activity.title, v.statement.number, v.participant.number, _sector(v.participant.sector),
         v.value, VOTE_WORDS[v.value]]
        for v in votes.order_by("statement__activity__order", "statement__number", "participant__number")
    ]  # fmt: skip


def pairwise_rows(results: WorkshopResults) -> list[list[Cell]]:
    return [
        [r.activity.title, row.text, *(round(x, 1) for x in (row.score.score, row.score.low, row.score.high)),
         row.score.wins, row.score.losses, row.score.comparisons, "yes" if row.score.few_votes else "no"]
        for r in results.activities
        for row in r.pairwise_rows
    ]  # fmt: skip


SHEETS = {
    "Cards": [
        "activity",
        "column",
        "cluster",
        "text",
        "language",
        "hidden",
        "merged",
        "participant",
        "sector",
    ],
    "Clusters": ["activity", "cluster", "cards", "dots", "carried from an earlier workshop"],
    "Dots": ["activity", "on", "card or cluster", "language", "participant", "sector"],
    "Statements": [
        "activity",
        "statement",
        "text",
        "language",
        "status",
        "seed",
        "agree",
        "disagree",
        "pass",
        "votes",
        "cross-sector score (lowest sector, adjusted)",
        "lowest sector",
        "lowest sector agreed",
        "lowest sector voted",
        f"common ground (more than {round(COMMON_GROUND * 100)}% of every group and sector agreed)",
    ],
    "Votes": ["activity", "statement", "participant", "sector", "vote", "meaning"],
    "Pairwise": [
        "activity",
        "option",
        "score",
        "low (95%)",
        "high (95%)",
        "wins",
        "losses",
        "comparisons",
        "few votes",
    ],
    "Participation": [
        "sector",
        "participants",
        "share (%)",
        "cards",
        "dots",
        "statement votes",
        "pairwise choices",
    ],
}


def workbook_build(*, results: WorkshopResults) -> bytes:
    workshop = results.workshop
    tables: dict[str, list[list[Cell]]] = {
        "Cards": cards_rows(workshop),
        "Clusters": clusters_rows(results),
        "Dots": dots_rows(workshop),
        "Statements": statements_rows(results),
        "Votes": votes_rows(workshop),
        "Pairwise": pairwise_rows(results),
        "Participation": [
            [s.label, s.participants, s.share, s.cards, s.dots, s.statement_votes, s.pairwise_votes]
            for s in results.participation
        ],
    }
    return xlsx_bytes(Table(title, headings, tables[title]) for title, headings in SHEETS.items())


@transaction.atomic
def workshop_export_xlsx(*, workshop: Workshop, by: User) -> Download:
    """The workshop's results as XLSX, with an audit row."""
    content = workbook_build(results=workshop_results(workshop=workshop))
    audit_record(
        action="workshops.results.exported", by=by, obj=workshop, project_id=workshop.project_id,
        changes={"format": "xlsx"},
    )  # fmt: skip
    stem = slugify(workshop.title)[:60] or "workshop"
    return Download(
        filename=f"{stem}-results-{timezone.localdate():%Y-%m-%d}.xlsx", content_type=XLSX, content=content
    )
