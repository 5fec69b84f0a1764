"""The workshop's summary for the report as a Word document: real headings, tables, and the opinion map as a
picture (rendered from the same SVG as the page, with vl-convert) followed by its groups as a table. Cards
and statements keep the language they were written in, Urdu in Nastaliq (coproduce/core/docx_written.py)."""

import io
from collections.abc import Sequence

import docx
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from docx.document import Document
from docx.shared import Cm

from coproduce.accounts.models import User
from coproduce.core.docx_written import written_into
from coproduce.core.downloads import Download
from coproduce.core.languages import Written
from coproduce.core.services import audit_record
from coproduce.core.svg_convert import svg_png

from ..models import Workshop
from ..selectors.opinion_summary import CrossSectorRow, Share, StatementRow, StatementsSummary
from ..selectors.results import ActivityResult, WorkshopResults, workshop_results

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAP_WIDTH = Cm(12)


def _table(document: Document, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A table; a participant's words in it (`Written`) keep their language (core/docx_written.py)."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if isinstance(value, Written):
                written_into(cell.paragraphs[0]._p, value)
            else:
                cell.text = str(value)
    document.add_paragraph()


def _statement(row: StatementRow | CrossSectorRow) -> Written:
    return Written(f"{row.number}. {row.text}", row.language)


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _share(share: Share, *, adjusted: bool = False, word: str = "") -> str:
    """ "100% (5 of 5)" ("100% agree (5 of 5)" with a word), with "; adjusted 86%" when the smoothed
    estimate is asked for; "-" with no votes."""
    if not share.n:
        return "-"
    raw = f"{share.percent}%{' ' + word if word else ''} ({share.count} of {share.n})"
    return f"{raw}; adjusted {share.smoothed_percent}%" if adjusted and share.smoothed is not None else raw


def _share_rows(rows: Sequence[StatementRow]) -> list[list[object]]:
    return [
        [_statement(r), *(_share(s) for s in r.shares),
         f"{_percent(r.counts.agree_share)} ({r.counts.agree} of {r.counts.n})"]
        for r in rows
    ]  # fmt: skip


def _share_headings(columns: Sequence[str]) -> list[str]:
    return ["Statement", *(f"{name} agreed" for name in columns), "Everyone agreed"]


def _representative(document: Document, summary: StatementsSummary) -> None:
    document.add_heading("What sets each group apart", level=3)
    for group in summary.representative:
        if not group.rows:
            document.add_paragraph(f"{group.name}: no statement sets this group clearly apart yet.")
            continue
        rows = [
            [_statement(r), _share(r.group, adjusted=True, word=r.direction) if r.group else ""]
            for r in group.rows
        ]
        _table(document, ["Statement", f"{group.name} (of those voting)"], rows)


def _common_ground(document: Document, summary: StatementsSummary) -> None:
    document.add_heading("Common ground", level=3)
    document.add_paragraph(
        f"Statements {summary.common_ground_rule} with. Each figure is the share of the people who voted on "
        "the statement who agreed, with how many agreed of how many voted (passes count as votes)."
    )
    if summary.consensus:
        _table(document, _share_headings(summary.consensus_columns), _share_rows(summary.consensus))
    else:
        document.add_paragraph(f"No statement yet: {summary.common_ground_rule} with none.")


def _cross_sector(document: Document, summary: StatementsSummary) -> None:
    document.add_heading("Agreement across sectors", level=3)
    document.add_paragraph(
        "The share of each sector's voters who agreed. The score is the lowest agreement among sectors with "
        "2 or more votes, adjusted for small numbers, beside that sector's raw figure."
    )
    rows = [
        [_statement(r),
         *(f"{c.percent}% ({c.n_agree} of {c.n_votes})" if c.n_votes else "-" for c in r.cells),
         f"adjusted {r.lowest.smoothed_percent}%: {r.lowest.name} {_share(r.lowest)}" if r.lowest else "-",
         "yes" if r.common_ground else "no"]
        for r in summary.cross_sector
    ]  # fmt: skip
    headings = ["Statement", *summary.sectors, "Score (lowest sector)"]
    _table(document, [*headings, f"More than {summary.threshold_percent}% in every sector"], rows)


def _idea_board(document: Document, item: ActivityResult) -> None:
    document.add_paragraph(f"{item.n_cards} ideas, grouped into {len(item.clusters)} clusters.")
    if item.clusters:
        _table(
            document,
            ["Cluster", "Ideas", "Dots"],
            [[c.cluster.title, c.n_cards, c.dots] for c in item.clusters],
        )


def _dot_vote(document: Document, item: ActivityResult) -> None:
    document.add_paragraph(f"{item.n_dots} dots from {item.n_dot_voters} participants.")
    if item.dots:
        rows = [
            [n, r.label if r.language is None else Written(r.label, r.language), r.dots, _percent(r.share)]
            for n, r in enumerate(item.dots, start=1)
        ]
        _table(document, ["Rank", "Idea or cluster", "Dots", "Share of dots"], rows)


def _pairwise(document: Document, item: ActivityResult) -> None:
    scores = item.pairwise
    if scores is None or scores.status == "no_votes":
        document.add_paragraph("No choices made yet: there are no scores.")
        return
    document.add_paragraph(
        f"{scores.n_votes} choices. The score is the estimated chance, out of 100, that the option would be "
        "chosen over another picked at random, with the range where it probably lies (95%)."
    )
    rows = [
        [r.text + (" (few votes)" if r.score.few_votes else ""), f"{r.score.score:.0f}",
         f"{r.score.low:.0f} to {r.score.high:.0f}", r.score.wins, r.score.losses]
        for r in item.pairwise_rows
    ]  # fmt: skip
    _table(document, ["Option", "Score", "Range (95%)", "Chosen", "Not chosen"], rows)


def _map_picture(document: Document, item: ActivityResult) -> None:
    if item.map is None:
        return
    svg = render_to_string(
        "workshops/_opinion_map.html", {"map": item.map, "map_id": "map", "standalone": True}
    )
    document.add_picture(io.BytesIO(svg_png(svg, scale=2)), width=MAP_WIDTH)
    document.add_paragraph(item.map.description)
    _table(
        document,
        ["Group", "Shape on the map", "People"],
        [[g.name, g.shape, g.size] for g in item.map.groups],
    )


def _statements(document: Document, item: ActivityResult) -> None:
    if item.statements is None or item.summary is None:
        return
    analysis = item.statements.analysis
    summary = item.summary
    if analysis.status == "groups":
        document.add_heading("Opinion groups", level=3)
        _map_picture(document, item)
        _representative(document, summary)
        _common_ground(document, summary)
        document.add_heading("Where groups differ", level=3)
        _table(document, _share_headings(summary.group_names), _share_rows(summary.divisive))
    else:
        document.add_paragraph(f"Not enough votes to find opinion groups: {analysis.reason}.")
    if summary.cross_sector:
        _cross_sector(document, summary)


SECTIONS = {
    "idea_board": _idea_board,
    "dot_vote": _dot_vote,
    "pairwise": _pairwise,
    "statements": _statements,
}


def summary_document(*, results: WorkshopResults) -> bytes:
    workshop = results.workshop
    document = docx.Document()
    document.add_heading(workshop.title, level=1)
    where = f", {workshop.venue}" if workshop.venue else ""
    document.add_paragraph(
        f"{workshop.series.title}, {workshop.starts_at:%d %B %Y}{where}. "
        f"{results.n_participants} participants took part."
    )
    document.add_heading("Who took part", level=2)
    rows = [[s.label, s.participants, f"{s.share}%", s.contributions] for s in results.participation]
    _table(document, ["Sector", "Participants", "Share", "Contributions"], rows)
    for item in results.activities:
        document.add_heading(item.activity.title, level=2)
        kind = item.activity.get_kind_display()
        document.add_paragraph(f"{kind}: {item.activity.prompt}" if item.activity.prompt else kind)
        SECTIONS[item.activity.kind](document, item)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@transaction.atomic
def workshop_export_docx(*, workshop: Workshop, by: User) -> Download:
    """The summary as DOCX, with an audit row."""
    content = summary_document(results=workshop_results(workshop=workshop))
    audit_record(
        action="workshops.results.exported", by=by, obj=workshop, project_id=workshop.project_id,
        changes={"format": "docx"},
    )  # fmt: skip
    stem = slugify(workshop.title)[:60] or "workshop"
    return Download(
        filename=f"{stem}-summary-{timezone.localdate():%Y-%m-%d}.docx", content_type=DOCX, content=content
    )
