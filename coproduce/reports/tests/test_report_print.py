"""The report's PDF: each framework diagram a picture made once and shared by the cover, only the fonts its
text needs, and a reference list without anchors nothing links to."""

import re
import shutil
import subprocess

import pytest

from coproduce.core import svg_convert
from coproduce.reports.exports.html_writer import report_html, report_pdf
from coproduce.reports.selectors.document import report_document
from coproduce.reports.services import report_section_save

pytestmark = pytest.mark.django_db
NEEDS_POPPLER = pytest.mark.skipif(
    not (shutil.which("pdfimages") and shutil.which("pdffonts")), reason="poppler-utils is not installed"
)
URDU = "مقامی کونسل اور رضاکار تنظیمیں مل کر فیصلے کریں"


def _poppler(command: list[str], pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run([*command, str(path)], check=True, capture_output=True, text=True).stdout


def test_print_shows_the_framework_diagram_as_one_picture_on_the_cover_and_in_its_figure(
    project, supported_element
):
    document = report_document(project=project)

    html = report_html(document=document, in_print=True)

    framework = next(f for f in document.figures if f.caption.startswith("The framework"))
    src = f'src="/pictures/figure-{framework.number}.png"'
    assert html.count(src) == 2  # the cover and the figure, one picture
    assert framework.svg not in html and document.cover_svg not in html
    assert framework.svg in report_html(document=document)  # the HTML download keeps the diagram as SVG


@NEEDS_POPPLER
def test_the_pdf_embeds_the_diagram_once_and_makes_it_once(project, supported_element, tmp_path, monkeypatch):
    svg_convert.svg_picture.cache_clear()
    made: list[str] = []
    real_png = svg_convert.svg_png

    def counted(svg: str, scale: float) -> bytes:
        made.append(svg)
        return real_png(svg, scale=scale)

    monkeypatch.setattr(svg_convert, "svg_png", counted)
    document = report_document(project=project)

    pdf = report_pdf(document=document)
    report_pdf(document=document)

    shown = [line.split() for line in _poppler(["pdfimages", "-list"], pdf, tmp_path).splitlines()[2:]]
    assert [(page, width) for page, _, _, width, *_ in shown] == [
        ("1", "2000"),
        ("7", "2000"),
    ]  # cover, figure
    assert len({row[10] for row in shown}) == 1  # one picture in the file, drawn twice
    assert int(shown[0][12]) >= 299  # dots an inch where it is printed
    assert len(made) == 1  # made once for both builds


@NEEDS_POPPLER
def test_the_pdf_names_only_the_fonts_its_text_needs(project, lead, supported_element, tmp_path):
    english = report_html(document=report_document(project=project), in_print=True)
    assert "Noto" not in english
    assert '"Noto Naskh Arabic"' in report_html(document=report_document(project=project))  # the download

    report_section_save(project=project, by=lead, key="summary", body=f"{URDU} 🤝")
    document = report_document(project=project)
    html = report_html(document=document, in_print=True)

    family = re.search(r"body \{ font-family: ([^;]+);", html)
    assert family and family[1] == '"Noto Naskh Arabic", "DejaVu Sans", Arial, "Noto Emoji", sans-serif'
    assert html.count("@font-face") == 4  # two weights of each
    fonts = _poppler(["pdffonts"], report_pdf(document=document), tmp_path)
    assert "Noto-Naskh-Arabic" in fonts and "Noto-Emoji" in fonts


def test_print_leaves_out_the_reference_anchors_the_download_keeps(project, supported_element):
    document = report_document(project=project)

    assert 'id="ref-1"' in report_html(document=document)
    assert "[1] " in report_html(document=document, in_print=True)
    assert 'id="ref-' not in report_html(document=document, in_print=True)
