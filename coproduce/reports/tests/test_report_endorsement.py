"""Each recommendation's endorsement round in the report: results by sector, how many were asked and
answered, the objections it was published over; exact for the team, small groups not counted in public."""

import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document as read_docx

from coproduce.people.sectors import Sector
from coproduce.recommendations.services.recommendations import recommendation_create
from coproduce.recommendations.tests.endorsed import publish_over_objections, round_answered
from coproduce.reports.document import Audience, Facts, Paragraph, Table
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.exports.html_writer import report_pdf
from coproduce.reports.selectors.document import report_document
from coproduce.reports.selectors.recommendation_sections import recommendation_blocks

pytestmark = pytest.mark.django_db

V, F = Sector.VCFSE, Sector.FUNDER
VCFSE = "VCFSE (voluntary, community, faith, social enterprise)"
POOL = "Other sectors together: Funder; No organisation"


@pytest.fixture
def endorsed(project, lead):
    """R1, led by funders. Asked: 6 VCFSE (4 support, 1 with changes, 1 object), 2 funders (1 support, 1
    object: the lead sector objected) and 1 person with no organisation, who never answered. Published over
    the funder's objection."""
    r1 = recommendation_create(project=project, by=lead, action="Pool small grants", lead_sector=F)
    vcfse = ["support"] * 4 + ["changes", "object"]
    answers = [(V, {r1: p}) for p in vcfse] + [(F, {r1: "support"}), (F, {r1: "object"}), (None, {})]
    round_answered(project=project, lead=lead, answers=answers)
    publish_over_objections(recommendation=r1, lead=lead, reason="The funders agreed the fund's rules since")
    return r1


def _section(project, audience):
    document = report_document(project=project, audience=audience)
    return document, next(s for s in document.sections if s.key == "recommendations")


def test_the_team_sees_each_sectors_answers_and_the_objection_as_recorded(project, endorsed):
    _document, section = _section(project, Audience.TEAM)

    overview, by_sector = [b for b in section.blocks if isinstance(b, Table)]
    assert overview.headings[-1] == "Endorsement" and overview.rows[0][-1] == "6 of 8 support"
    assert by_sector.caption == "Endorsement of R1 by sector"
    assert by_sector.rows == [
        [VCFSE, "6", "6", "4", "1", "1"],
        ["Funder", "2", "2", "1", "0", "1"],
        ["No organisation", "1", "0", "0", "0", "0"],
        ["Everyone", "9", "8", "5", "1", "2"],
    ]
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert (
        "In the endorsement round “Round 1”, 9 people were asked and 8 answered on this recommendation: "
        "5 support it, 1 supports it with changes and 2 object."
    ) in texts
    facts = next(b for b in section.blocks if isinstance(b, Facts) and b.items[0][0] == "Objection")
    assert facts.items == [
        ("Objection", "Funder, the sector that must lead it: 1 of 2 who answered objected"),
        ("Why it was published", "The funders agreed the fund's rules since"),
    ]


def test_the_public_sees_small_sectors_pooled_as_fewer_than_five_and_no_totals_that_give_them_away(
    project, endorsed
):
    _document, section = _section(project, Audience.PUBLIC)

    overview, by_sector = [b for b in section.blocks if isinstance(b, Table)]
    assert overview.rows[0][-1] == "Most support"
    few = "fewer than 5"
    assert by_sector.rows == [[VCFSE, "6", "6", "4", "1", "1"], [POOL, few, few, few, few, few]]
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert (
        "In the endorsement round “Round 1”, some sectors gave too few answers to give totals in public."
        in texts
    )
    facts = next(b for b in section.blocks if isinstance(b, Facts) and b.items[0][0] == "Objection")
    assert facts.items[0] == (
        "Objection",
        "Funder, the sector that must lead it: some of the fewer than 5 who answered objected",
    )


def test_the_smallest_public_group_is_one_setting(project, endorsed, settings):
    settings.PUBLIC_MIN_COUNT = 2

    _document, section = _section(project, Audience.PUBLIC)

    by_sector = [b for b in section.blocks if isinstance(b, Table)][1]
    assert by_sector.rows[1] == ["Funder", "2", "2", "1", "0", "1"]
    assert by_sector.rows[2] == [
        "Other sectors together: No organisation", "fewer than 2", "fewer than 2",
        "fewer than 2", "fewer than 2", "fewer than 2",
    ]  # fmt: skip


def test_a_pool_of_five_or_more_is_counted_with_the_totals(project, lead):
    r1 = recommendation_create(project=project, by=lead, action="Pool small grants")
    small = [Sector.FUNDER, Sector.FUNDER, Sector.ACADEMIC, Sector.ACADEMIC, Sector.PRIVATE]
    round_answered(project=project, lead=lead, answers=[(s, {r1: "support"}) for s in small])
    publish_over_objections(recommendation=r1, lead=lead, reason="")

    _document, section = _section(project, Audience.PUBLIC)

    by_sector = [b for b in section.blocks if isinstance(b, Table)][1]
    pool = "Other sectors together: Private sector; Funder; Academic"
    assert by_sector.rows == [[pool, "5", "5", "5", "0", "0"], ["Everyone", "5", "5", "5", "0", "0"]]
    overview = next(b for b in section.blocks if isinstance(b, Table))
    assert overview.rows[0][-1] == "Most support (5 answered)"


def test_every_recommendations_endorsement_is_read_in_the_same_queries(project, lead):
    def blocks_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            recommendation_blocks(project=project, audience=Audience.TEAM)
        return len(queries)

    first = recommendation_create(project=project, by=lead, action="Pool small grants")
    round_answered(project=project, lead=lead, answers=[(V, {first: "support"})])
    one = blocks_queries()
    more = [recommendation_create(project=project, by=lead, action=f"Act {n}") for n in range(3)]
    round_answered(
        project=project, lead=lead, title="Round 2",
        answers=[(F, dict.fromkeys(more, "object")), (V, dict.fromkeys(more, "support"))],
    )  # fmt: skip

    assert blocks_queries() == one
    blocks = recommendation_blocks(project=project, audience=Audience.TEAM)
    captions = [b.caption for b in blocks if isinstance(b, Table)][1:]
    assert captions == [f"Endorsement of R{n} by sector" for n in (1, 2, 3, 4)]


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    command = [str(shutil.which("pdftotext")), "-layout", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_word_has_the_endorsement_table_and_the_objection(project, endorsed):
    document = report_document(project=project)

    docx = read_docx(io.BytesIO(report_docx(document=document)))

    table = next(t for t in docx.tables if [c.text for c in t.rows[0].cells][:2] == ["Sector", "Asked"])
    assert [c.text for c in table.rows[0].cells] == [
        "Sector", "Asked", "Answered", "Support", "Support with changes", "Object",
    ]  # fmt: skip
    assert [c.text for c in table.rows[1].cells] == [VCFSE, "6", "6", "4", "1", "1"]
    assert table.rows[2].cells[0].text == POOL
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Why it was published: The funders agreed the fund's rules since" in text
    assert "1 of 2" not in text  # the public version


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_pdf_has_the_endorsement_table_and_the_objection(project, endorsed, tmp_path):
    text = _pdf_text(report_pdf(document=report_document(project=project)), tmp_path)

    flat = " ".join(text.split())
    assert "Endorsement of R1 by sector" in flat
    assert "VCFSE (voluntary, community, 6 6 4 1 1" in flat and "Most support" in flat
    assert "Funder, the sector that must lead it: some of the fewer than 5 who answered objected" in flat
    assert "Why it was published The funders agreed the fund's rules since" in flat


def test_a_sector_of_five_or_more_is_counted_in_public_with_its_objection(project, lead):
    r1 = recommendation_create(project=project, by=lead, action="Pool small grants", lead_sector=F)
    funders = ["object", "object", "object", "support", "changes"]
    round_answered(project=project, lead=lead, answers=[(F, {r1: p}) for p in funders])
    publish_over_objections(recommendation=r1, lead=lead, reason="Agreed with the funders since")

    _document, section = _section(project, Audience.PUBLIC)

    overview, by_sector = [b for b in section.blocks if isinstance(b, Table)]
    assert by_sector.rows == [["Funder", "5", "5", "1", "1", "3"], ["Everyone", "5", "5", "1", "1", "3"]]
    assert overview.rows[0][-1] == "Most object (5 answered)"
    facts = next(b for b in section.blocks if isinstance(b, Facts) and b.items[0][0] == "Objection")
    assert facts.items[0] == (
        "Objection",
        "Funder, the sector that must lead it: 3 of 5 who answered objected (a majority)",
    )
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert not any(text.startswith("“Other sectors together”") for text in texts)
