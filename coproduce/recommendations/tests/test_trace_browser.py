"""The chain of evidence in a real browser, with axe: the tree opens from the keyboard, kind by kind, on a
desktop and on a 360 px phone, without scrolling sideways."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.recommendations.tests.test_trace import QUOTE, _world
from tests.browser.signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("TRACE_SCREENSHOTS", "")  # a folder, to look at the pages by eye


@pytest.mark.parametrize("width", [1280, 360])
def test_the_tree_opens_from_the_keyboard_at_any_width(
    page: Page, live_server, axe_check, project, lead, width
):
    world = _world(project, lead)
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server, lead)
    kwargs = {"project_id": project.public_id, "recommendation_id": world.recommendation.public_id}
    page.goto(live_server.url + reverse("recommendations:recommendation_trace", kwargs=kwargs))

    expect(page.get_by_role("heading", name="Element: Early help: Trust first")).to_be_visible()
    kinds_open(page)

    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"trace-{width}.png"), full_page=True)
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"


def kinds_open(page: Page) -> None:
    """Open the themes, then the quotes, of "Trust first" from the keyboard (`_world`), and find the views."""
    expect(page.get_by_text("Code: Referrals")).to_be_hidden()
    page.locator("summary", has_text="Themes (1)").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Code: Referrals")).to_be_visible()
    page.locator("summary", has_text="Quotes (1)").focus()
    page.keyboard.press("Space")
    expect(page.get_by_text(f"“{QUOTE}”")).to_be_visible()
    expect(page.get_by_role("region", name="Views on R1 by sector")).to_be_visible()
