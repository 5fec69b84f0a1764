"""The diagram's layout: every element placed inside the figure, none overlapping, text within its box."""

import pytest
from lxml import etree

from coproduce.core.fonts import text_width
from coproduce.frameworks.diagram import MAX_TITLE_LINES, NARROW_WIDTH, PAD, diagram_layout
from coproduce.frameworks.selectors.frameworks import (
    diagram_svg,
    framework_svg,
    framework_view,
    frameworks_side_by_side_svg,
)
from coproduce.frameworks.services.frameworks import element_create
from coproduce.frameworks.tests.diagram_samples import LONG, TITLES, sample_framework

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _overlap(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


@pytest.mark.parametrize("width", [1000, NARROW_WIDTH])
def test_every_element_is_placed_within_the_figure_without_overlap(project, lead, width):
    framework = sample_framework(project=project, lead=lead)
    for n in range(9):  # many elements at one level
        element_create(framework=framework, by=lead, title=f"Practice number {n}", level="cultural")
    view = framework_view(framework=framework)
    diagram = diagram_layout(
        title=framework.title, elements=view.elements, strengths=view.strengths, width=width
    )
    boxes = [box for band in diagram.bands for box in band.boxes]

    assert len(boxes) == len(TITLES) + 9
    assert all(box.x >= 0 and box.x + box.width <= diagram.width for box in boxes)
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    for band in diagram.bands:
        assert all(band.y <= box.y and box.y + box.height <= band.y + band.height for box in band.boxes)
    for box in boxes:
        for line in box.lines:
            line_width = text_width(line.text, line.size, line.bold)
            left = line.x - line_width if line.rtl else line.x
            assert box.x + PAD - 0.01 <= left and left + line_width <= box.x + box.width - PAD + 0.01
            assert box.y < line.y < box.y + box.height


def test_a_long_title_is_cut_with_an_ellipsis_and_kept_whole_in_the_tooltip(project, lead):
    view = framework_view(framework=sample_framework(project=project, lead=lead))
    element = next(e for e in view.elements if e.level == "strategic")
    # longer than a title may be saved: the ellipsis is the net under a box too small for its words
    element.title = " ".join([LONG] * 3)
    diagram = diagram_layout(title=view.framework.title, elements=view.elements, strengths=view.strengths)
    box = next(box for band in diagram.bands for box in band.boxes if box.element.title.count(LONG) == 3)

    assert box.cut and box.lines[MAX_TITLE_LINES].text.endswith("\u2026")  # the kind's line, then the title
    assert f"<title>{element.title}." in diagram_svg(diagram=diagram, svg_id="long")


def test_png_pdf_and_report_draw_outlines_and_the_svg_keeps_its_words(project, lead):
    view = framework_view(framework=sample_framework(project=project, lead=lead))

    text = etree.fromstring(framework_svg(view=view).encode())
    outlined = etree.fromstring(framework_svg(view=view, outlined=True).encode())

    words = [t.text for t in text.iter(f"{SVG}text")]
    assert any(word and word.startswith("مقامی کونسل") for word in words)  # the Urdu title's first line
    assert text.find(f".//{SVG}text[@direction='rtl']") is not None
    assert "Key" in words and "Sector not involved" in words  # the diagram explains itself
    assert any(word and word.startswith("Sectors: LA: Local authority;") for word in words)
    assert not list(outlined.iter(f"{SVG}text"))
    # each line of text is one path of outlines (a PDF then has few elements and commands to read)
    lines = [t for t in text.iter(f"{SVG}text") if (t.text or "").strip()]
    assert len(list(outlined.iter(f"{SVG}path"))) == len(lines)
    assert not list(outlined.iter(f"{SVG}use"))
    assert outlined.findtext(f"{SVG}title") == view.framework.title


def test_two_frameworks_side_by_side_each_in_its_column(project, lead):
    first = framework_view(framework=sample_framework(project=project, lead=lead, title="Early help"))
    second = framework_view(framework=sample_framework(project=project, lead=lead, title="Housing"))

    svg = etree.fromstring(frameworks_side_by_side_svg(title="Both areas", views=[first, second]).encode())

    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Early help" in texts and "Housing" in texts
    assert len(svg.findall(f".//{SVG}title")) > 2 * len(TITLES)
