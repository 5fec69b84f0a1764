"""The sign-in page: accessible at phone and desktop widths, and usable with a keyboard alone."""

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from coproduce.accounts.tests.factories import UserFactory

from .signin import PASSWORD, login

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


def tab_to(page: Page, field: Locator, max_presses: int = 25) -> None:
    """Press Tab until `field` has the keyboard focus, as a keyboard user would."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if field.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{field} could not be reached with the Tab key", pytrace=False)


@pytest.mark.parametrize("width", WIDTHS.keys())
def test_sign_in_page_has_no_serious_accessibility_violations(page, live_server, axe_check, width):
    # given a phone-sized or desktop-sized window
    page.set_viewport_size(WIDTHS[width])

    # when the sign-in page opens
    page.goto(live_server.url + reverse("accounts:login"))

    # then it has a heading, the stylesheet loaded, and axe finds nothing serious
    heading = page.locator("h1")
    expect(heading).to_be_visible()
    assert heading.evaluate("element => getComputedStyle(element).fontFamily").lower().startswith("arial")
    axe_check(page)


@pytest.mark.parametrize("width", WIDTHS.keys())
def test_sign_in_with_keyboard_only_lands_on_projects(page, live_server, width):
    # given a team member and the sign-in page, at a phone or desktop width
    user = UserFactory.create()
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server.url + reverse("accounts:login"))
    form = page.locator("form:has(input[name='password'])")

    # when they Tab to each field, type, and press Enter
    tab_to(page, form.locator("input[name='username']"))
    page.keyboard.type(user.email)
    tab_to(page, form.locator("input[name='password']"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # then they are signed in and see their projects
    page.wait_for_url(live_server.url + reverse("projects:project_list"))


def test_login_signs_in_through_the_form(page, live_server):
    # given a team member, when they sign in through the form, then they land on their projects
    user = UserFactory.create()
    login(page, live_server, user)
    assert page.url == live_server.url + reverse("projects:project_list")
