"""The note-taker's page in a browser: a card typed from paper, with the language it is written in."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import Card

from .factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URDU = "بچوں کے لیے کھیل کا میدان"


@pytest.mark.parametrize("width", [360, 1280])
def test_a_card_from_paper_is_saved_in_the_language_chosen(page: Page, live_server, axe_check, width):
    board = ActivityFactory(columns=["Ideas"])
    workshop = board.workshop
    client = Client()
    client.force_login(MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 900})
    kwargs = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}

    page.goto(live_server.url + reverse("workshops:note_taker", kwargs=kwargs))
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("Their sector (for a new person)").select_option("funder")
    page.get_by_label("Their idea").fill(URDU)
    page.get_by_label("Language it is written in").select_option("ur")
    page.get_by_role("button", name="Save the answer").click()
    page.get_by_text("Saved for").wait_for()

    assert Card.objects.get().language == "ur"
