"""The public page's evidence tree in a real browser, with axe: each recommendation, then each kind of
evidence, opens from the keyboard, on a 360 px phone and on a desktop, without scrolling sideways."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.recommendations.services.recommendations import recommendation_publish
from coproduce.recommendations.tests.test_trace import _world
from coproduce.recommendations.tests.test_trace_browser import kinds_open
from coproduce.reports.tests.test_browser import WIDTHS, _look
from coproduce.reports.tests.test_public_page import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_evidence_tree_opens_from_the_keyboard_at_any_width(
    page: Page, live_server, axe_check, project, lead, width
):
    world = _world(project, lead)
    recommendation_publish(recommendation=world.recommendation, by=lead, reason="Agreed")
    publish(project, lead)
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    page.goto(live_server.url + reverse("reports_public:public_page", kwargs={"slug": "early-help"}))

    element = page.get_by_role("heading", name="Element: Early help: Trust first")
    expect(element).to_be_hidden()
    page.locator("summary", has_text="R1. Pool grants").focus()
    page.keyboard.press("Enter")
    expect(element).to_be_visible()
    kinds_open(page)
    expect(page.get_by_role("row", name="Other sectors").get_by_role("cell").first).to_have_text(
        "fewer than 5"
    )

    _look(page, axe_check, f"public-trace-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
