"""The report's files read back as a reader would: Markdown footnotes, tables and links in every format, Word
tables sized with repeated header rows, contents with page numbers, and the cover."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.reports.document import Audience, Paragraph, Table
from coproduce.reports.exports.docx_parts import column_widths
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.exports.html_writer import report_html, report_pdf
from coproduce.reports.selectors.document import report_document
from coproduce.reports.services import report_section_save
from coproduce.reports.tests import libreoffice
from coproduce.workshops.models import ParticipantSector, WorkshopStatus
from coproduce.workshops.tests.factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

NEEDS_PDFTOTEXT = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils is not installed (make test installs it)"
)
SUMMARY = """Councils cut early help by a third.[^cuts] See [the council's budget](https://example.org/budget).

| Service | Recommendation | Change |
|---|---|---|
| Family hubs | Keep them open | -12% |
| Youth work | Pool small grants | -30% |

[^cuts]: Budget papers, 2024 to 2026.
"""
RAW = ("[^", "|---|", "| Service |", "](https://")


@pytest.fixture
def written(project, lead, supported_element):
    """A summary with a footnote, a link and a table; a framework whose one element has evidence."""
    report_section_save(project=project, by=lead, key="summary", body=SUMMARY)
    return report_document(project=project)


def _pdf_text(path) -> str:
    command = [str(shutil.which("pdftotext")), "-layout", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _contents_line(title: str, text: str) -> int:
    """The page number the contents give for `title`: the line's title, dot leaders, then the number."""
    found = re.search(rf"^\s*{re.escape(title)}[ .]*?(\d+)\s*$", text, re.MULTILINE)
    assert found, f"no contents line for {title}"
    return int(found[1])


def test_html_has_footnotes_tables_and_links(written):
    html = report_html(document=written)

    assert not any(raw in html for raw in RAW)
    assert '<a href="https://example.org/budget">the council\'s budget</a>' in html
    assert '<th class="govuk-table__header">Recommendation</th>' in html
    assert re.search(r'<sup class="footnote-ref"><a href="#fn-\w+-1"', html)
    assert "<li id=" in html and "Budget papers, 2024 to 2026." in html


def _docx(document):
    return read_docx(io.BytesIO(report_docx(document=document)))


def test_docx_markdown_table_is_a_word_table_with_a_repeated_header(written):
    docx = _docx(written)

    table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Service")
    assert [c.text for c in table.rows[2].cells] == ["Youth work", "Pool small grants", "-30%"]
    for table in docx.tables:
        header = table.rows[0]._tr
        assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert table._tbl.tblPr.find(qn("w:tblCellMar")) is not None
    text = "\n".join(p.text for p in docx.paragraphs)
    assert not any(raw in text for raw in RAW)


def test_docx_links_keep_their_address_and_footnotes_are_notes(written):
    docx = _docx(written)

    links = docx.element.body.findall(f".//{qn('w:hyperlink')}")
    addresses = [docx.part.rels[link.get(qn("r:id"))].target_ref for link in links]
    assert "https://example.org/budget" in addresses
    texts = [p.text for p in docx.paragraphs]
    assert "Notes" in texts and "1. Budget papers, 2024 to 2026." in texts
    cited = next(p for p in docx.paragraphs if p.text.startswith("Councils cut"))
    assert [r.text for r in cited.runs if r.font.superscript] == ["1"]


def test_docx_has_a_table_of_contents_field(written):
    docx = _docx(written)

    instructions = [t.text for t in docx.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") for i in instructions)
    assert docx.settings.element.find(qn("w:updateFields")) is not None
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Executive summary"


def test_column_widths_never_split_a_word():
    headings = ["No.", "Recommendation", "Lead", "Partners", "When", "Measure of success", "Status"]
    rows = [["R1", "Pool small grants through one fund " * 4, "Council", "NHS", "Now", "More " * 9, "Done"]]

    widths = column_widths(headings, rows)

    assert sum(widths) == pytest.approx(9638, abs=len(widths))
    assert widths[1] >= len("Recommendation") * 105 + 200  # the longest word fits in its column
    assert widths[1] > widths[0] and widths[1] > widths[4]  # the long text has the most room


@NEEDS_PDFTOTEXT
def test_pdf_has_contents_with_page_numbers_and_no_raw_markdown(written, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(document=written))

    text = _pdf_text(path)

    assert _contents_line("1. Executive summary", text) == 3  # after the cover and the contents
    assert _contents_line("7. Appendices", text) > 3  # the empty local context left out
    assert not any(raw in text for raw in RAW)
    assert "Budget papers, 2024 to 2026." in text


@NEEDS_PDFTOTEXT
@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice is not installed")
def test_libreoffice_fills_in_the_docx_contents_with_page_numbers(written, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(report_docx(document=written))

    libreoffice.docx_pdf_updated(path, tmp_path / "report.pdf", profile=tmp_path / "lo")

    text = _pdf_text(tmp_path / "report.pdf")
    assert _contents_line("1. Executive summary", text) == 3
    assert _contents_line("7. Appendices", text) > 3  # the empty local context left out
    assert not any(raw in text for raw in RAW)


def test_cover_shows_the_framework_diagram(written):
    html = report_html(document=written)

    cover = html.split('<div class="app-report-cover">', 1)[1].split("</div>\n<nav", 1)[0]
    assert "<svg" in cover and "Early help together" in cover
    docx = _docx(written)
    first_break = next(i for i, p in enumerate(docx.paragraphs) if 'w:br w:type="page"' in p._p.xml)
    assert any(p._p.findall(f".//{qn('w:drawing')}") for p in docx.paragraphs[:first_break])


def test_method_counts_only_the_workshops_held(project):
    held = WorkshopFactory(series__project=project, status=WorkshopStatus.ENDED)
    planned = WorkshopFactory(series__project=project, status=WorkshopStatus.PLANNED)
    for workshop, n in ((held, 3), (planned, 5)):
        for _ in range(n):
            ParticipantFactory(workshop=workshop, sector=ParticipantSector.FUNDER)

    method = next(
        s for s in report_document(project=project, audience=Audience.TEAM).sections if s.key == "method"
    )

    summary = next(b for b in method.blocks if isinstance(b, Paragraph)).text
    assert "1 workshop was held, with 3 participants" in summary
    participants = [b for b in method.blocks if isinstance(b, Table)][-1]
    assert participants.rows == [["Funder", "3"], ["Total", "3"]]


def test_in_public_the_method_does_not_count_a_sector_of_too_few_participants(project):
    held = WorkshopFactory(series__project=project, status=WorkshopStatus.ENDED)
    for sector, n in ((ParticipantSector.FUNDER, 2), (ParticipantSector.VCFSE, 6)):
        for _ in range(n):
            ParticipantFactory(workshop=held, sector=sector)

    def method(audience):
        section = next(
            s for s in report_document(project=project, audience=audience).sections if s.key == "method"
        )
        summary = next(b for b in section.blocks if isinstance(b, Paragraph)).text
        rows = [b for b in section.blocks if isinstance(b, Table)][-1].rows
        return summary, {str(sector): str(count) for sector, count in rows}

    summary, rows = method(Audience.PUBLIC)
    assert rows == {
        ParticipantSector.VCFSE.label: "6",
        ParticipantSector.FUNDER.label: "fewer than 5",
        "Total": "at least 7",
    }
    assert "1 workshop was held, with at least 7 participants" in summary  # 8 would give the 2 funders away
    summary, rows = method(Audience.TEAM)
    assert (
        rows[ParticipantSector.FUNDER.label] == "2"
        and rows["Total"] == "8"
        and "with 8 participants" in summary
    )


def test_each_recommendation_shows_its_priority_status_and_resources(project, lead):
    r = recommendation_create(
        project=project, by=lead, action="Pool small grants", priority="high",
        resources="Two officers for a year", measure="Grants paid within 30 days",
    )  # fmt: skip
    recommendation_publish(recommendation=r, by=lead)

    document = report_document(project=project)

    section = next(s for s in document.sections if s.key == "recommendations")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.headings == ["No.", "Recommendation", "Lead", "When", "Priority", "Status", "Endorsement"]
    assert table.rows[0][4:] == ["High", "Published: not started", "\u2013"]  # no round: an en dash
    docx = "\n".join(p.text for p in _docx(document).paragraphs)
    assert "Resources needed: Two officers for a year" in docx
    assert "Measure of success: Grants paid within 30 days" in docx
