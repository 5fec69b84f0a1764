"""Screening titles and abstracts by keyboard alone, with axe on the screening page."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.evidence.models import ScreeningDecision
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_screen_ten_records_by_keyboard(page: Page, live_server, axe_check):
    # given a researcher and 30 records
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    for i in range(30):
        topic = "council youth services" if i % 3 else "rodent maze learning"
        ReferenceFactory.create(
            project=membership.project, title=f"{topic} {i}", abstract=f"A study of {topic}."
        )
    login(page, live_server, membership.user)
    page.goto(
        live_server.url + reverse("evidence:screen", kwargs={"project_id": membership.project.public_id})
    )
    axe_check(page)
    # when they press I, E or M for ten records
    for key in "iieimeiiei":
        title = page.locator("#record-title").inner_text()
        page.keyboard.press(key)
        expect(page.locator("#record-title")).not_to_have_text(title)
        page.wait_for_load_state()  # the shortcut script runs once the page has loaded
    # then ten decisions are recorded in the order pressed, and the page says so
    decisions = list(ScreeningDecision.objects.order_by("id").values_list("decision", flat=True))
    assert "".join(d[0] for d in decisions) == "iieimeiiei"
    expect(page.get_by_text("Screened 10 of 30 records")).to_be_visible()
    axe_check(page)
