"""Cards written in Urdu on the projector: drawn in Nastaliq, each line whole inside its card."""

import itertools
import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory
from coproduce.workshops.models import ActivityKind, Card
from coproduce.workshops.tests.projector_data import projector_world
from tests.browser.fixtures import in_thread
from tests.browser.signin import login
from tests.browser.test_participant_languages import LINES, SCREENSHOTS, _fonts_used

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URDU = "ہمارے محلے میں بچوں کے لیے کھیلنے کی محفوظ جگہ اور شام کو کھلی رہنے والی لائبریری چاہیے"
# How far the card's text reaches below the card (which hides what overflows it), in pixels.
CUT = """e => e.getBoundingClientRect().bottom - e.closest(".app-pj-card").getBoundingClientRect().bottom"""


@pytest.mark.parametrize("screen", [(1920, 1080), (1280, 720)])
def test_urdu_cards_on_the_projector_are_whole_lines_of_nastaliq(page: Page, live_server, screen):
    # given a board of a hundred cards, a few of them written in Urdu
    workshop = in_thread(lambda: projector_world(ProjectFactory(), ActivityKind.IDEA_BOARD))
    urdu = Card.objects.filter(activity__workshop=workshop).order_by("-created_at")[:5]
    Card.objects.filter(pk__in=[card.pk for card in urdu]).update(text=URDU, language="ur")
    lead = MembershipFactory(project=workshop.project, role=ProjectRole.LEAD).user
    login(page, live_server, lead)

    # when the projector shows it
    page.set_viewport_size({"width": screen[0], "height": screen[1]})
    ids = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}
    page.goto(live_server.url + reverse("workshops:projector", kwargs=ids))
    page.evaluate("document.fonts.ready.then(() => true)")

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
