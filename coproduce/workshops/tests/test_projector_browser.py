"""The projector in a browser, at 1920 x 1080 and 1280 x 720: 100 cards and each kind of result on one
screen without scrolling (checked from the elements' boxes), the join code in sight, no app chrome, axe clean;
and the facilitator's choice of what it shows reaching it live."""

from functools import partial
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.accounts.models import User
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory
from coproduce.workshops.models import ActivityKind, ActivityState, ProjectorShows, Workshop
from coproduce.workshops.services.projector import workshop_projector_set
from tests.browser.fixtures import in_thread
from tests.browser.signin import login

from .projector_data import projector_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS: dict[str, ViewportSize] = {
    "1080p": {"width": 1920, "height": 1080},
    "720p": {"width": 1280, "height": 720},
}
# What must be on screen for each kind, once revealed: a CSS selector and how many of it.
SHOWN = {
    ActivityKind.IDEA_BOARD: (".app-pj-card", 100),
    ActivityKind.DOT_VOTE: (".app-pj-bar", 10),
    ActivityKind.STATEMENTS: (".app-pj-bar", 10),
    ActivityKind.PAIRWISE: (".app-pj-bar", 8),
}
# Every box of these must lie inside the viewport.
BOXES = ", ".join(
    [
        ".app-pj-card, .app-pj-bar, .app-pj-bar__value, .app-pj-board__heading, [data-join-code]",
        ".app-projector__qr, .app-opinion-map, .app-projector__title, .app-pj-common",
    ]
)

OUTSIDE = """(selector) => {
  const w = window.innerWidth, h = window.innerHeight;
  return [...document.querySelectorAll(selector)].filter((el) => {
    const r = el.getBoundingClientRect();
    const empty = r.width === 0 || r.height === 0;
    return empty || r.left < 0 || r.top < 0 || r.right > w + 0.5 || r.bottom > h + 0.5;
  }).map((el) => el.className.baseVal ?? el.className);
}"""


def _world(kind: str, state: str = ActivityState.REVEALED) -> Workshop:
    return in_thread(lambda: projector_world(ProjectFactory(), kind, state))


def _open(page: Page, live_server: Any, workshop: Workshop, screen: str) -> None:
    lead = MembershipFactory(project=workshop.project, role=ProjectRole.LEAD).user
    login(page, live_server, lead)
    page.set_viewport_size(SCREENS[screen])
    ids = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}
    page.goto(live_server.url + reverse("workshops:projector", kwargs=ids))


def _fits(page: Page) -> None:
    height = page.evaluate("window.innerHeight")
    assert page.evaluate("document.documentElement.scrollHeight") <= height
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    assert page.evaluate(OUTSIDE, BOXES) == []
    expect(page.locator("[data-join-code]").first).to_be_in_viewport()
    assert page.eval_on_selector("[data-join-code]", "(el) => el.scrollWidth <= el.clientWidth")
    expect(page.locator(".app-projector__qr")).to_be_in_viewport()
    # no app chrome: no header, navigation, footer or skip link
    assert page.locator("header, nav, footer, .govuk-header, .govuk-footer, .govuk-skip-link").count() == 0


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("kind", list(SHOWN))
def test_each_activity_fits_one_screen(page: Page, live_server, axe_check, screen, kind):
    workshop = _world(kind)
    _open(page, live_server, workshop, screen)
    selector, count = SHOWN[kind]
    expect(page.locator(selector)).to_have_count(count)
    _fits(page)
    if kind == ActivityKind.STATEMENTS:
        expect(page.locator("#projector-live .app-opinion-map")).to_be_visible()
        expect(page.locator(".app-pj-bar__value").first).to_contain_text("% agree")
    if kind == ActivityKind.PAIRWISE:
        expect(page.locator(".app-pj-bar__value").first).to_contain_text(" to ")
    axe_check(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_cards_are_large_enough_to_read(page: Page, live_server, screen):
    workshop = _world(ActivityKind.IDEA_BOARD)
    _open(page, live_server, workshop, screen)
    sizes = page.eval_on_selector_all(
        ".app-pj-card__text", "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))"
    )
    assert len(sizes) == 100
    assert min(sizes) >= SCREENS[screen]["height"] / 84  # 13 px at 1080, 9 px at 720: a hundred cards


def test_the_open_statements_map_and_the_facilitators_choice_reach_the_projector(
    page: Page, live_server, axe_check
):
    workshop = _world(ActivityKind.STATEMENTS, ActivityState.OPEN)
    _open(page, live_server, workshop, "720p")
    # while voting is open: the opinion map, but not how each statement did
    expect(page.locator("#projector-live .app-opinion-map")).to_be_visible()
    expect(page.locator(".app-pj-bar")).to_have_count(0)
    lead = User.objects.get(memberships__project=workshop.project)
    for shows, words in [
        (ProjectorShows.PARTICIPATION, "Who is here, by sector"),
        (ProjectorShows.JOIN, "and enter the code"),
    ]:
        in_thread(partial(workshop_projector_set, workshop=workshop, by=lead, shows=shows))
        expect(page.locator("#projector-live")).to_contain_text(words, timeout=10_000)
        _fits_without_qr_aside(page)
        axe_check(page)
    expect(page.locator(".app-pj-joinscreen__code")).to_have_text(workshop.join_code)


def _fits_without_qr_aside(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollHeight") <= page.evaluate("window.innerHeight")
    assert page.evaluate(OUTSIDE, ".app-pj-bar, .app-pj-joinscreen__code, .app-pj-joinscreen__qr") == []
    expect(page.locator("[data-join-code]:visible")).to_have_count(1)
