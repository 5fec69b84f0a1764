"""Cards and statements in the report keep the language they were written in: `lang` in the HTML, Urdu in
Nastaliq in the PDF (and Arabic in Naskh), and `w:lang` with the script's face in the Word file."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from coproduce.core.languages import Written
from coproduce.reports.document import Table
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.exports.html_writer import report_html, report_pdf
from coproduce.reports.models import SectionKey
from coproduce.reports.selectors.document import report_document
from coproduce.workshops.models import Card, Statement

from .workshop_data import STATEMENTS, workshops_build

pytestmark = pytest.mark.django_db

URDU = "ہمارے محلے میں بچوں کے لیے کھیلنے کی محفوظ جگہ ہونی چاہیے"
ARABIC = "نريد مكانا آمنا ليلعب فيه الأطفال"
COMMON, CARD = STATEMENTS[0], "Joint training"  # common ground; the card with most dots
NEEDS_POPPLER = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")


def _written(project, *, statement: str, card: str = "ar") -> None:
    """The common-ground statement written in Urdu on a page in `statement`, the card in Arabic."""
    Statement.objects.filter(text=COMMON).update(text=URDU, language=statement)
    Card.objects.filter(text=CARD).update(text=ARABIC, language=card)


def _cells(project) -> list[object]:
    section = next(s for s in report_document(project=project).sections if s.key == SectionKey.WORKSHOPS)
    return [cell for b in section.blocks if isinstance(b, Table) for row in b.rows for cell in row]


def _pdf_fonts(document, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(document=document))
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


def test_the_report_quotes_cards_and_statements_with_their_language(project):
    workshops_build(project)
    _written(project, statement="ur")

    cells = _cells(project)

    assert Written(URDU, "ur") in cells and Written(ARABIC, "ar") in cells
    assert Written("Three-year grants", "") in cells  # written where the language was not recorded
    assert "Trust" in cells and "One referral form" in cells  # a cluster and an option: the team's words
    assert report_document(project=project).written_languages == frozenset({"ur", "ar", ""})


@NEEDS_POPPLER
def test_urdu_is_printed_in_nastaliq_and_arabic_in_naskh(project, tmp_path):
    workshops_build(project)
    _written(project, statement="ur")
    document = report_document(project=project)

    html = report_html(document=document, in_print=True)

    # in print with the direction `dir="auto"` gives in the HTML download, as WeasyPrint does not work it out
    assert f'<td class="govuk-table__cell" lang="ur" dir="rtl">{URDU}</td>' in html
    assert f'<td class="govuk-table__cell" lang="ar" dir="rtl">{ARABIC}</td>' in html
    assert '<td class="govuk-table__cell" lang="" dir="ltr">Three-year grants</td>' in html
    download = report_html(document=document)
    assert f'<td class="govuk-table__cell" lang="ur" dir="auto">{URDU}</td>' in download
    rule = re.search(r":lang\(ur\) \{ font-family: ([^;]+); line-height: ([\d.]+); \}", html)
    assert rule and rule[1].startswith('"Noto Nastaliq Urdu", "Noto Naskh Arabic", "DejaVu Sans"')
    assert float(rule[2]) == 2.5
    assert "NotoNastaliqUrdu-Regular.ttf" in html
    fonts = _pdf_fonts(document, tmp_path)
    assert "Noto-Nastaliq-Urdu" in fonts and "Noto-Naskh-Arabic" in fonts


@NEEDS_POPPLER
@pytest.mark.parametrize("language", ["ar", ""])
def test_arabic_script_not_recorded_as_urdu_stays_in_naskh(project, tmp_path, language):
    workshops_build(project)
    _written(project, statement=language)
    document = report_document(project=project)

    html = report_html(document=document, in_print=True)

    assert ":lang(ur)" not in html and "NotoNastaliqUrdu" not in html
    fonts = _pdf_fonts(document, tmp_path)
    assert "Nastaliq" not in fonts and "Noto-Naskh-Arabic" in fonts


def _run_of(doc, text: str):
    run = next(
        r for r in doc.element.body.iter(qn("w:r")) if "".join(t.text for t in r.iter(qn("w:t"))) == text
    )
    paragraph = run.getparent()
    return run, paragraph


def test_the_word_file_marks_each_quote_with_its_language_and_urdu_with_nastaliq(project):
    workshops_build(project)
    _written(project, statement="ur")

    doc = read_docx(io.BytesIO(report_docx(document=report_document(project=project))))

    urdu, urdu_paragraph = _run_of(doc, URDU)
    assert urdu.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:cs")) == "Noto Nastaliq Urdu"
    assert urdu.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    lang = urdu.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert (lang.get(qn("w:val")), lang.get(qn("w:bidi"))) == ("ur", "ur")
    assert urdu_paragraph.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None  # the cell reads right to left
    arabic, _ = _run_of(doc, ARABIC)
    assert arabic.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:cs")) == "Noto Naskh Arabic"
    assert arabic.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:bidi")) == "ar"
    unknown, unknown_paragraph = _run_of(doc, "Three-year grants")
    assert (
        unknown.find(qn("w:rPr")) is None and unknown_paragraph.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is None
    )
