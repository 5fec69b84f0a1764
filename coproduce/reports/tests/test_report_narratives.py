"""Each framework element's narrative in the report, under its title, grouped by level, after the elements'
table; Markdown (footnotes, links, tables) set as in the rest of the report, in every format."""

import io
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from coproduce.evidence.models import Decision
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create
from coproduce.reports.document import Audience, Heading, Prose, Table
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.exports.html_writer import report_html, report_pdf
from coproduce.reports.selectors.document import report_document

pytestmark = pytest.mark.django_db

TRUST = """Families told us they return to people they trust.[^hubs] See [the hubs' review](https://example.org/hubs).

| Hub | Visits |
|---|---|
| Ladywood | 410 |

[^hubs]: Family hub visit logs, 2025.
"""
POOLED = "Put the small grants of the three funders into **one fund** with one form."
RAW = ("[^", "|---|", "| Hub |", "](https://", "**")


@pytest.fixture
def narrated(project, lead, supported_element):
    """ "Trust first" (cultural, with a footnote, a link and a table), "Shared referrals" (tactical, no
    narrative) and "Pooled grants" (strategic): each linked to an included record, and "Unlinked" (cultural,
    with a narrative, no evidence: the public never sees it)."""
    framework = supported_element.framework
    supported_element.narrative = TRUST
    supported_element.save()
    for title, level, narrative in (
        ("Shared referrals", "tactical", "   "),
        ("Pooled grants", "strategic", POOLED),
    ):
        element = element_create(framework=framework, by=lead, title=title, level=level, narrative=narrative)
        record = ReferenceFactory(project=project)
        reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)
        evidence_link_add(element=element, by=lead, kind="reference", target=record)
    element_create(framework=framework, by=lead, title="Unlinked", level="cultural", narrative="Not yet.")
    return report_document(project=project)


def _after_table(document):
    blocks = next(s for s in document.sections if s.key == "framework").blocks
    table = next(i for i, b in enumerate(blocks) if isinstance(b, Table))
    return blocks[table + 1 :]


def test_narratives_follow_the_table_by_level_leaving_out_the_empty_ones(narrated):
    blocks = _after_table(narrated)

    assert blocks == [
        Heading("Cultural level: values and relationships", depth=2),
        Heading("Trust first", depth=3),
        Prose(TRUST),
        Heading("Strategic level: money, governance and commitments", depth=2),
        Heading("Pooled grants", depth=3),
        Prose(POOLED),
    ]


def test_the_team_also_reads_the_narrative_of_an_element_with_no_evidence(project, narrated):
    team = report_document(project=project, audience=Audience.TEAM)

    titles = [b.text for b in _after_table(team) if isinstance(b, Heading)]
    assert titles[:3] == ["Cultural level: values and relationships", "Trust first", "Unlinked"]


def test_html_sets_the_narratives_as_headings_and_markdown(narrated):
    html = report_html(document=narrated)

    assert '<h4 class="govuk-heading-s">Cultural level: values and relationships</h4>' in html
    assert '<h5 class="govuk-heading-s">Trust first</h5>' in html
    assert '<a href="https://example.org/hubs">the hubs\' review</a>' in html
    assert "<strong>one fund</strong>" in html
    assert not any(raw in html for raw in RAW)


def test_word_has_the_narratives_with_headings_links_notes_and_tables(narrated):
    docx = read_docx(io.BytesIO(report_docx(document=narrated)))

    styled = [(p.style.name if p.style else "", p.text) for p in docx.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    assert ("Heading 3", "Cultural level: values and relationships") in headings
    assert ("Heading 4", "Trust first") in headings and ("Heading 4", "Pooled grants") in headings
    assert ("Heading 4", "Shared referrals") not in headings
    links = docx.element.body.findall(f".//{qn('w:hyperlink')}")
    assert "https://example.org/hubs" in [docx.part.rels[link.get(qn("r:id"))].target_ref for link in links]
    table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Hub")
    assert [c.text for c in table.rows[1].cells] == ["Ladywood", "410"]
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "1. Family hub visit logs, 2025." in text
    assert not any(raw in text for raw in RAW)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_pdf_has_the_narratives_without_raw_markdown(narrated, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(document=narrated))

    command = [str(shutil.which("pdftotext")), "-layout", str(path), "-"]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout

    flat = " ".join(text.split())
    assert "Cultural level: values and relationships Trust first Families told us" in flat
    assert "Family hub visit logs, 2025." in flat and "Ladywood 410" in flat
    assert "Strategic level: money, governance and commitments Pooled grants" in flat
    assert not any(raw in text for raw in RAW)
