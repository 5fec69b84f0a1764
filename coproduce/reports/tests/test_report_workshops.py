"""The report's workshops section: the held workshops' results, figures worked out by hand (workshop_data.py),
in the document, and read back from the Word file and the PDF."""

import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from docx import Document as read_docx
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as DocxTable

from coproduce.evidence.selectors.screening import decision_readings_forget
from coproduce.reports.document import Audience, Heading, Notice, Paragraph, Table
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.exports.html_writer import report_pdf
from coproduce.reports.models import SectionKey
from coproduce.reports.selectors.document import report_document
from coproduce.reports.selectors.export_checklist import export_checklist
from coproduce.workshops.models import WorkshopStatus
from coproduce.workshops.tests.factories import WorkshopFactory

from .workshop_data import workshops_build

pytestmark = pytest.mark.django_db

STATEMENTS, DOTS, PAIRWISE = "“Where do we stand?”", "“Which matters most?”", "“Which would help most?”"
COMMON = "Families should be able to ask for help in one place."
# the voluntary sector's 5 of 5 is not shown either: with everyone's 8 of 9 it would give away the local
# authority's 3 of 4
PUBLIC_COMMON = [COMMON, "83% (5 of 6)", "fewer than 5 voted", "89% (8 of 9)"]
CLUSTERS = [["1", "Trust", "4", "44%"], ["2", "Money", "3", "33%"]]
IDEAS = [["1", "Joint training", "Trust", "3"], ["2", "Three-year grants", "Money", "2"],
         ["3", "Evening meetings", "\u2013", "1"], ["4", "Shared lunches", "Trust", "1"]]  # fmt: skip
OPTIONS = [["1", "Three-year funding", "71", "52 to 85", "5", "2"],
           ["2", "One referral form", "40", "22 to 61", "2", "4"],
           ["3", "A shared list (few votes)", "38", "20 to 60", "1", "2"]]  # fmt: skip


def _section(document):
    return next(s for s in document.sections if s.key == SectionKey.WORKSHOPS)


def _tables(section) -> dict[str, Table]:
    return {b.caption: b for b in section.blocks if isinstance(b, Table)}


def _plain(rows) -> list[list[str]]:
    """The rows as text: a participant's words (`Written`) read as the words."""
    return [[str(cell) for cell in row] for row in rows]


def _texts(section) -> list[str]:
    return [b.text for b in section.blocks if isinstance(b, Paragraph | Heading | Notice)]


def test_the_report_sets_out_the_held_workshops_results_as_worked_out_by_hand(project):
    # Given a held workshop with statements, dots and pairwise results, and a planned one
    workshops_build(project)
    # When the report is made for the public
    document = report_document(project=project)
    # Then the workshops come between the findings and the framework, the held one only
    keys = [s.key for s in document.sections]
    assert keys.index("workshops") == keys.index("findings") + 1
    section = _section(document)
    texts = _texts(section)
    assert texts[:3] == ["1 workshop was held. The results of each follow.", "Brookvale workshop",
                         "Held on 3 November 2026 with 9 participants."]  # fmt: skip
    assert (
        "9 people cast 36 votes on 4 statements. Their votes put them in 2 opinion groups of people who "
        "voted alike: Group A (6 people) and Group B (fewer than 5 people)."
    ) in texts
    tables = _tables(section)
    common = tables[f"Common ground in {STATEMENTS}"]
    groups = ["Group A (6 people) agreed", "Group B (fewer than 5 people) agreed"]
    assert common.headings == ["Statement", *groups, "Everyone agreed"]
    # statement 4, which 7 of 9 agreed with but 1 of 3 in Group B, is not common ground
    assert _plain(common.rows) == [PUBLIC_COMMON]
    assert any("Sectors of fewer than 5 voters are not named" in text for text in texts)
    differ = tables[f"Where the groups differ in {STATEMENTS}: the statements they voted on most differently"]
    assert [str(row[0]) for row in differ.rows] == [
        "The council should lead early help.",
        "Small community groups should hold budgets directly.",
        "Funding should last at least three years.",
    ]
    assert differ.rows[2][1:] == ["100% (6 of 6)", "fewer than 5 voted", "78% (7 of 9)"]
    assert "9 dots from 4 participants." in texts
    assert tables[f"Clusters by dots in {DOTS}"].rows == CLUSTERS
    assert _plain(tables[f"Ideas by dots in {DOTS}"].rows) == IDEAS  # the hidden card is left out
    assert tables[f"Options by score in {PAIRWISE}"].rows == OPTIONS  # the stored result, no choices saved
    shown = str(section.blocks)
    for left_out in ("Planned workshop", "Not held", "Never opened", "Jo Bloggs", "(3 of 3)", "(3 of 4)"):
        assert left_out not in shown


def test_the_team_sees_every_figure_and_is_told_what_the_public_sees(project):
    # Given the same workshops
    workshops_build(project)
    # When the team's report is made
    section = _section(report_document(project=project, audience=Audience.TEAM))
    # Then groups and sectors of fewer than 5 show their figures, with a note on what the public sees
    common = _tables(section)[f"Common ground in {STATEMENTS}"]
    assert common.headings[2] == "Group B (3 people) agreed"
    team = [COMMON, "83% (5 of 6)", "100% (3 of 3)", "Local authority 75% (3 of 4)", "89% (8 of 9)"]
    assert _plain(common.rows) == [team]
    notices = [b.text for b in section.blocks if isinstance(b, Notice)]
    assert notices and "fewer than 5" in notices[0]


@override_settings(PUBLIC_MIN_COUNT=3)
def test_the_smallest_group_shown_to_the_public_is_a_setting(project):
    workshops_build(project)
    common = _tables(_section(report_document(project=project)))[f"Common ground in {STATEMENTS}"]
    assert _plain(common.rows)[0][2] == "100% (3 of 3)"
    assert common.rows[0][3] == "Local authority 75% (3 of 4)"


def test_with_no_workshop_held_the_section_says_so_and_the_checklist_lists_it(project):
    # Given a project whose only workshop is planned
    WorkshopFactory(series__project=project, status=WorkshopStatus.PLANNED)
    # When the report is made
    document = report_document(project=project)
    # Then the section says no workshop has been held, and the checklist asks for its text
    assert _texts(_section(document)) == ["No workshop has been held yet."]
    items = {item.location: item for item in export_checklist(project=project, document=document)}
    assert "section-workshops" in items
    assert items["section-workshops"].fix_label == "Write “Workshops”"


def _docx_table(doc, caption: str) -> list[list[str]]:
    """The cells of the table that follows the paragraph `caption`."""
    body = list(doc.element.body.iterchildren())
    for index, element in enumerate(body):
        if element.tag == qn("w:p") and "".join(element.itertext()).endswith(caption):
            table = DocxTable(body[index + 1], doc._body)
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table {caption}")


def test_the_word_file_holds_the_same_figures(project):
    workshops_build(project)
    doc = read_docx(io.BytesIO(report_docx(document=report_document(project=project))))
    styles = {p.text: p.style.name if p.style else "" for p in doc.paragraphs}
    assert styles["Brookvale workshop"] == "Heading 2"
    assert styles["Where do we stand? (statements)"] == "Heading 3"
    assert _docx_table(doc, f"Common ground in {STATEMENTS}")[1] == PUBLIC_COMMON
    assert _docx_table(doc, f"Clusters by dots in {DOTS}")[1:] == CLUSTERS
    assert _docx_table(doc, f"Ideas by dots in {DOTS}")[1:] == IDEAS
    assert _docx_table(doc, f"Options by score in {PAIRWISE}")[1:] == OPTIONS
    # a table's caption stands apart from the table before it, and on the same page as its own
    caption = next(p for p in doc.paragraphs if p.text.endswith(f"Ideas by dots in {DOTS}"))
    assert caption.paragraph_format.space_before == Pt(12) and caption.paragraph_format.keep_with_next


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_pdf_holds_the_same_figures(project, tmp_path):
    workshops_build(project)
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(document=report_document(project=project)))
    command = [str(shutil.which("pdftotext")), str(path), "-"]  # each cell's lines together
    text = " ".join(subprocess.run(command, check=True, capture_output=True, text=True).stdout.split())
    assert "Workshops" in text and "Brookvale workshop" in text and "Planned workshop" not in text
    assert "Group A (6 people) and Group B (fewer than 5 people)" in text
    for figure in ("83% (5 of 6)", "89% (8 of 9)", "fewer than 5 voted", "9 dots from 4 participants"):
        assert figure in text
    for row in (*CLUSTERS, *OPTIONS[:2]):
        assert " ".join(row) in text


def _queries(client, project) -> int:
    decision_readings_forget()  # each page from cold
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:report_page", kwargs={"project_id": project.public_id}))
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_report_page_reads_the_workshops_in_the_same_queries_however_many(client, project, lead):
    # Given one held workshop with three activities with results
    workshops_build(project)
    client.force_login(lead)
    one = _queries(client, project)
    # When two more are held
    workshops_build(project, title="Second workshop")
    workshops_build(project, title="Third workshop")
    # Then the page makes as many queries, and shows them all
    assert _queries(client, project) == one
    page = client.get(reverse("reports:report_page", kwargs={"project_id": project.public_id})).content
    assert b"Third workshop" in page and "Clusters by dots in “Which matters most?”".encode() in page
