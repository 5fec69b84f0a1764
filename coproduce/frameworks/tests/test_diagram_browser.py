"""The framework diagram as a reader's browser draws it, with long, multilingual and many-element content:
no text leaves its box, and the page never scrolls sideways."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from coproduce.frameworks.tests.diagram_samples import TITLES, sample_framework
from tests.browser.signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("DIAGRAM_SCREENSHOTS", "")  # a folder, to look at the pages by eye
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}

# For each element of the visible diagram: its shape's box and the box of each text inside it, in the
# diagram's own units; and each level's band with the text of its label.
GEOMETRY = """() => {
  const box = (node) => { const b = node.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const shown = (s) => s.getBoundingClientRect().width > 0;
  const svg = [...document.querySelectorAll('.app-framework-figure svg')].find(shown);
  const elements = [...svg.querySelectorAll('.app-framework-element')].map((a) => ({
    shape: box(a.querySelector(':scope > rect, :scope > polygon')),
    texts: [...a.querySelectorAll('text')].map((t) => ({text: t.textContent, box: box(t)})),
  }));
  const view = svg.viewBox.baseVal;
  const all = [...svg.querySelectorAll('text')].map((t) => ({text: t.textContent, box: box(t)}));
  return {elements, all, width: view.width, shown: svg.getBoundingClientRect().width,
          scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth};
}"""


def _inside(inner: list[float], outer: list[float], slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_leaves_its_box(page: Page, live_server, axe_check, project, lead, width):
    framework = sample_framework(project=project, lead=lead)
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    login(page, live_server, lead)
    kwargs = {"project_id": project.public_id, "framework_id": framework.public_id}
    page.goto(live_server.url + reverse("frameworks:framework_detail", kwargs=kwargs))
    # the bundled fonts, all loaded (a browser loads each when it first draws a character of it)
    page.evaluate("Promise.all([...document.fonts].map((face) => face.load())).then(() => true)")
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"diagram-{width}.png"), full_page=True)

    found = page.evaluate(GEOMETRY)

    assert len(found["elements"]) == len(TITLES)
    outside = [
        (text["text"], text["box"], element["shape"])
        for element in found["elements"]
        for text in element["texts"]
        if not _inside(text["box"], element["shape"])
    ]
    assert outside == []
    off_the_figure = [t["text"] for t in found["all"] if not _inside(t["box"], [0, 0, found["width"], 1e9])]
    assert off_the_figure == []
    assert found["shown"] <= WIDTHS[width]["width"]  # the diagram scales to the page
    assert found["scroll"] <= found["inner"]  # and the page never scrolls sideways
    axe_check(page)
