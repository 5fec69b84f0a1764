"""Cards and statements written in Urdu on the projector: drawn in Nastaliq, each line whole inside its card
or its bar."""

import itertools
import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory
from coproduce.workshops.models import ActivityKind, Card, Statement, Workshop
from coproduce.workshops.tests.projector_data import projector_world
from tests.browser.fixtures import in_thread
from tests.browser.signin import login
from tests.browser.test_participant_languages import LINES, SCREENSHOTS, _fonts_used

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URDU = "ہمارے محلے میں بچوں کے لیے کھیلنے کی محفوظ جگہ اور شام کو کھلی رہنے والی لائبریری چاہیے"
# How far the card's text reaches below the card (which hides what overflows it), in pixels.
CUT = """e => e.getBoundingClientRect().bottom - e.closest(".app-pj-card").getBoundingClientRect().bottom"""


def _projector(page: Page, live_server, workshop: Workshop, screen: tuple[int, int]) -> None:
    """The workshop's projector at `screen` pixels, its fonts loaded, seen by the project's lead."""
    lead = MembershipFactory(project=workshop.project, role=ProjectRole.LEAD).user
    login(page, live_server, lead)
    page.set_viewport_size({"width": screen[0], "height": screen[1]})
    ids = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}
    page.goto(live_server.url + reverse("workshops:projector", kwargs=ids))
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("screen", [(1920, 1080), (1280, 720)])
def test_urdu_cards_on_the_projector_are_whole_lines_of_nastaliq(page: Page, live_server, screen):
    # given a board of a hundred cards, a few of them written in Urdu
    workshop = in_thread(lambda: projector_world(ProjectFactory(), ActivityKind.IDEA_BOARD))
    urdu = Card.objects.filter(activity__workshop=workshop).order_by("-created_at")[:5]
    Card.objects.filter(pk__in=[card.pk for card in urdu]).update(text=URDU, language="ur")

    # when the projector shows it
    _projector(page, live_server, workshop, screen)

    # then the Urdu cards are in Nastaliq, and no line of one is cut or runs into the next
    cards = page.locator('.app-pj-card__text[lang="ur"]')
    assert cards.count() == 5
    assert "Noto Nastaliq Urdu" in _fonts_used(page, '.app-pj-card__text[lang="ur"]')
    for card in cards.all():
        assert card.evaluate(CUT) <= 0.5, "an Urdu card's last line is cut off"
        for above, below in itertools.pairwise(card.evaluate(LINES)):
            assert below[0] >= above[1] - 0.5
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"projector-ur-{screen[1]}.png"))


# How far the first line of a bar's label reaches outside the label (which hides what overflows it), and the
# label outside its row of the chart, above or below, in pixels: 0 when the line is whole in its row.
BAR_CUT = """e => { const r = document.createRange(); r.selectNodeContents(e);
  const first = [...r.getClientRects()].sort((a, b) => a.top - b.top)[0];
  const box = e.getBoundingClientRect(), row = e.closest(".app-pj-bar").getBoundingClientRect();
  return Math.max(0, box.top - first.top, first.bottom - box.bottom,
    row.top - box.top, box.bottom - row.bottom); }"""


@pytest.mark.parametrize("screen", [(1920, 1080), (1280, 720)])
def test_urdu_statements_on_the_projectors_bars_are_whole_lines_of_nastaliq(page: Page, live_server, screen):
    # given revealed statements, three of them written in Urdu (the first one common ground)
    workshop = in_thread(lambda: projector_world(ProjectFactory(), ActivityKind.STATEMENTS))
    urdu = Statement.objects.filter(activity__workshop=workshop, number__in=[0, 3, 7])
    urdu.update(text=URDU, language="ur")

    # when the projector shows them
    _projector(page, live_server, workshop, screen)

    # then their bars are in Nastaliq, each a whole line inside its row, as large as the others' text
    labels = page.locator('.app-pj-bar__label[lang="ur"]')
    assert labels.count() == 3
    assert labels.first.locator(".app-pj-bar__tag").inner_text().lower() == "common ground"
    assert "Noto Nastaliq Urdu" in _fonts_used(page, '.app-pj-bar__label[lang="ur"]')
    english = page.locator('.app-pj-bar__label[lang=""]').first.evaluate("e => getComputedStyle(e).fontSize")
    for label in labels.all():
        assert label.evaluate(BAR_CUT) <= 0.5, "an Urdu statement's line is cut off"
        size = label.evaluate("e => getComputedStyle(e).fontSize")
        assert float(size.removesuffix("px")) >= 0.85 * float(english.removesuffix("px"))
    assert page.evaluate("document.documentElement.scrollHeight") <= screen[1]
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"projector-statements-ur-{screen[1]}.png"))
