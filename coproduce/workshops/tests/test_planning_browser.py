"""Planning pages in the browser, at phone and desktop widths: axe finds nothing serious, nothing overflows
sideways at 360 pixels (wide tables scroll inside their own region), and the forms work by keyboard."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from tests.permission_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
PAGES = [
    "workshops:series_list",
    "workshops:series_create",
    "workshops:series_detail",
    "workshops:workshop_create",
    "workshops:workshop_detail",
    "workshops:activity_create",
    "workshops:activity_update",
    "workshops:invitation_create",
    "workshops:invitation_list",
    "workshops:attendance",
]


def _sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] if page.viewport_size else True, page.url


@pytest.mark.parametrize("width", WIDTHS)
def test_planning_pages_pass_axe_and_fit(page: Page, live_server, axe_check, width):
    world = build_world()
    page.set_viewport_size(WIDTHS[width])
    _sign_in(page, live_server, world.users["lead"])
    for name in PAGES:
        page.goto(live_server.url + reverse(name, kwargs=world.kwargs_for(name)))
        axe_check(page)
        _no_sideways_scroll(page)
    # the reply page of a personal link, signed out
    page.context.clear_cookies()
    token = world.tokens["workshops_public"]
    page.goto(live_server.url + reverse("workshops_public:invitation_reply", kwargs={"token": token}))
    axe_check(page)
    _no_sideways_scroll(page)


def test_series_form_errors_by_keyboard(page: Page, live_server, axe_check):
    world = build_world()
    page.set_viewport_size(WIDTHS["phone"])
    _sign_in(page, live_server, world.users["lead"])
    page.goto(
        live_server.url
        + reverse("workshops:series_create", kwargs=world.kwargs_for("workshops:series_create"))
    )
    page.get_by_label("Title").focus()
    page.keyboard.press("Enter")  # submit without a title
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title for the series")
    axe_check(page)
    page.get_by_label("Title").fill("Youth spaces together")
    page.get_by_label("Title").press("Enter")
    expect(page.locator("h1")).to_have_text("Youth spaces together")
