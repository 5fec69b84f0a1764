"""The workshop's summary for the report as a Word document: real headings, tables, and the opinion map as a
picture (rendered from the same SVG as the page, with vl-convert) followed by its groups as a table."""

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
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.core.svg_convert import svg_png

from ..models import Workshop
from ..selectors.opinion import StatementRow
from ..selectors.results import ActivityResult, WorkshopResults, workshop_results

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAP_WIDTH = Cm(12)


def _table(document: Document, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    document.add_paragraph()


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _statement_rows(rows: Sequence[StatementRow]) -> list[list[object]]:
    return [
        [f"{r.number}. {r.text}", _percent(r.counts.agree_share), _percent(r.counts.disagree_share),
         _percent(r.counts.pass_share), r.counts.n]
        for r in rows
    ]  # fmt: skip


STATEMENT_HEADINGS = ["Statement", "Agree", "Disagree", "Pass", "Votes"]


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
        rows = [[n, r.label, r.dots, _percent(r.share)] for n, r in enumerate(item.dots, start=1)]
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
    if analysis.status == "groups":
        document.add_heading("Opinion groups", level=3)
        _map_picture(document, item)
        document.add_heading("Common ground", level=3)
        _table(document, STATEMENT_HEADINGS, _statement_rows(item.summary.consensus))
        document.add_heading("Where groups differ", level=3)
        _table(document, STATEMENT_HEADINGS, _statement_rows(item.summary.divisive))
    else:
        document.add_paragraph(f"Not enough votes to find opinion groups: {analysis.reason}.")
    if item.summary.cross_sector:
        document.add_heading("Agreement across sectors", level=3)
        rows = [
            [f"{r.number}. {r.text}", *(f"{c.n_agree} of {c.n_votes}" if c.n_votes else "-" for c in r.cells),
             "-" if r.score is None else f"{r.score:.2f}"]
            for r in item.summary.cross_sector
        ]  # fmt: skip
        _table(document, ["Statement", *item.summary.sectors, "Score"], rows)


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
