"""A phone that copes (360 x 740): answers given without signal are kept and saved once, and the end of the
workshop reaches it.

The offline test uses the WSGI live server (the page polls); the end of the workshop is sent over the
WebSocket, so that test runs the ASGI application (`asgi_server`, from the live workshop's browser tests).
With SCREENSHOT_DIR set, each state's screenshot (phone-*.png) goes there, for a person to look at.
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from playwright.sync_api import Error as PlaywrightError

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Card,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    StatementVote,
    WorkshopStatus,
)
from tests.browser.signin import login
from tests.browser.test_workshop_live import asgi_server  # noqa: F401 a fixture

from .factories import ActivityFactory, CardFactory, StatementFactory, WorkshopFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]
PHONE: ViewportSize = {"width": 360, "height": 740}
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"phone-{name}.png"), full_page=True)


def _switch(activity, to) -> None:
    """Close `activity` and open `to`, as the facilitator would."""
    activity.state, activity.closed_at = ActivityState.CLOSED, timezone.now()
    activity.save()
    to.state, to.opened_at = ActivityState.OPEN, timezone.now()
    to.save()


def _count(model) -> int:
    """Rows of `model`; the live server's SQLite (shared in memory) may hold its tables for a moment."""
    deadline = time.monotonic() + 5
    while True:
        try:
            return int(model.objects.count())
        except OperationalError:
            if time.monotonic() > deadline:
                pytest.fail("the test database stayed locked")
            time.sleep(0.1)


def _join(page: Page, base_url: str, workshop) -> None:
    page.goto(base_url + reverse("workshops_public:join_workshop", args=[workshop.join_code]))
    page.get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Join the workshop").click()
    # the take-part page loaded with its scripts before the test goes offline: click() does not wait for the
    # navigation it starts, and a page still loading when the network goes would be left without them
    page.wait_for_url(re.compile(r"/now/$"))
    page.wait_for_load_state("load")


def _offline_then_back(page: Page, answer, model, *, shot: str = "") -> None:
    """Answer offline with `answer`; see it wait, then saved once when back online, and still once after a
    reload that sends it again (as when the server's answer was lost on the way)."""
    status = page.locator("#send-status")
    page.context.set_offline(True)
    answer()
    expect(status).to_contain_text("Waiting to send (1).")
    expect(status).to_contain_text("You are offline")
    if shot:
        _shot(page, shot)
    assert _count(model) == 0
    kept = page.evaluate("Object.entries(localStorage).find(([k]) => k.startsWith('coproduce.queue'))")
    assert kept is not None

    page.context.set_offline(False)
    expect(status).to_have_text("All your answers are saved.", timeout=10_000)
    assert _count(model) == 1

    page.evaluate("([key, value]) => localStorage.setItem(key, value)", kept)
    page.reload()
    expect(status).to_have_text("All your answers are saved.", timeout=10_000)
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('coproduce.queue'))") == []
    assert _count(model) == 1


def test_answers_given_offline_are_saved_once_when_back(page: Page, live_server, axe_check):
    # given a participant on a phone, with an idea board open and dots, pairs and statements to come
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    dots = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, state="draft")
    pairs = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE, state=ActivityState.DRAFT)
    for n, text in enumerate(["Shared referral form", "One front door"]):
        PairwiseOption.objects.create(activity=pairs, text=text, order=n)
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state="draft")
    StatementFactory(activity=statements, number=1, text="Funders should pool small grants")
    page.set_viewport_size(PHONE)
    _join(page, live_server.url, workshop)

    # an idea, written offline
    def add_idea():
        page.get_by_label("Your idea").fill("A shared lunch 🍲 each month")
        page.get_by_role("button", name="Add my idea").click()
        expect(page.locator(".app-idea")).to_have_text("A shared lunch 🍲 each month Waiting to send")

    _offline_then_back(page, add_idea, Card, shot="offline-waiting")
    expect(page.locator(".app-idea-list")).to_contain_text("A shared lunch 🍲 each month")
    _shot(page, "saved")
    axe_check(page)

    # a dot, placed offline
    _switch(board, dots)
    expect(page.get_by_role("button", name="Add a dot")).to_be_visible(timeout=10_000)
    _offline_then_back(page, lambda: page.get_by_role("button", name="Add a dot").click(), DotVote)
    expect(page.locator(".app-dots-left__count")).to_have_text(str(dots.dots - 1))

    # a pairwise answer, chosen offline
    _switch(dots, pairs)
    choice = page.get_by_role("button", name="One front door")
    expect(choice).to_be_visible(timeout=10_000)
    _offline_then_back(page, choice.click, PairwiseVote)

    # a vote on a statement, offline
    _switch(pairs, statements)
    agree = page.get_by_role("button", name="Agree", exact=True)
    expect(agree).to_be_visible(timeout=10_000)
    _offline_then_back(page, agree.click, StatementVote)
    assert StatementVote.objects.get().value == 1


def test_an_answer_refused_after_a_close_is_said_plainly(page: Page, live_server):
    # given an idea board the facilitator closes while the phone is offline
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    page.set_viewport_size(PHONE)
    _join(page, live_server.url, workshop)
    page.context.set_offline(True)
    page.get_by_label("Your idea").fill("Too late")
    page.get_by_role("button", name="Add my idea").click()
    board.state = ActivityState.CLOSED
    board.save()

    # when it is back online, the answer is refused with the reason, and the page shows the close
    page.context.set_offline(False)
    expect(page.locator("#send-status")).to_contain_text(
        "One answer was not saved: This activity is not open for answers now.", timeout=10_000
    )
    expect(page.get_by_text("This activity is closed")).to_be_visible(timeout=10_000)
    assert _count(Card) == 0


def test_the_end_of_the_workshop_reaches_a_phone(
    page: Page,
    browser: Browser,
    asgi_server,  # noqa: F811 the fixture imported above
    axe_check,
):
    # given a phone in a live workshop, listening on its socket, with no activity open
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE, title="Early help together")
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone_page = phone.new_page()
    _join(phone_page, asgi_server.url, workshop)
    expect(phone_page.locator("[data-live='socket']")).to_be_attached(timeout=10_000)
    _shot(phone_page, "waiting")

    # when the facilitator ends the workshop
    login(page, asgi_server, facilitator)
    kwargs = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}
    page.goto(asgi_server.url + reverse("workshops:facilitate", kwargs=kwargs))
    page.get_by_role("button", name="End the workshop").click()

    # then the phone says so within seconds, and thanks them
    expect(phone_page.get_by_role("heading", name="The workshop has ended")).to_be_visible(timeout=5_000)
    expect(phone_page.get_by_text("Thank you for taking part")).to_be_visible()
    _shot(phone_page, "ended")
    axe_check(phone_page)
    phone.close()


def test_a_participant_changes_then_takes_back_their_idea(page: Page, live_server, axe_check):
    # given a participant who added an idea to an open board
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD)
    page.set_viewport_size(PHONE)
    _join(page, live_server.url, workshop)
    page.get_by_label("Ways of doing").check()
    page.get_by_label("Your idea").fill("Meet monthly")
    page.get_by_role("button", name="Add my idea").click()
    expect(page.locator(".app-idea")).to_contain_text("Ways of doing")

    # when they change its words
    page.get_by_role("link", name="Change or take back “Meet monthly”").click()
    expect(page.get_by_role("heading", name="Change your idea")).to_be_visible()
    _shot(page, "change-idea")
    axe_check(page)
    page.get_by_label("Your idea").fill("Meet every fortnight 🤝🏾")
    page.get_by_role("button", name="Save my idea").click()

    # then the activity shows the new words, and taking it back removes it
    expect(page.get_by_text("Your idea has been changed.")).to_be_visible()
    expect(page.locator(".app-idea")).to_contain_text("Meet every fortnight 🤝🏾")
    page.get_by_role("link", name="Change or take back").click()
    page.get_by_role("button", name="Take my idea back").click()
    expect(page.get_by_text("Your idea has been taken back.")).to_be_visible()
    expect(page.get_by_text("You have not added any ideas yet.")).to_be_visible()
    assert _count(Card) == 0


ANSWERS = re.compile(r"/w/[^/]+/(ideas|dots|pairwise)/")


def _copy_kept(page: Page) -> None:
    """Wait until the worker has kept the page as it is now (the activity shown) on the phone."""
    shown = page.locator("#take-part-activity").get_attribute("data-version")
    expect(page.locator("#take-part")).to_have_attribute("data-offline-copy", shown or "", timeout=10_000)


def _eventually(page: Page, expression: str) -> None:
    """Wait until the promise `expression` gives true (wait_for_function takes a promise itself as true)."""
    deadline = time.monotonic() + 10
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after 10 s: {expression}")
        time.sleep(0.2)


def _answered_offline(page: Page, answer, waiting: int) -> None:
    page.context.set_offline(True)
    answer()
    expect(page.locator("#send-status")).to_contain_text(f"Waiting to send ({waiting}).")


def test_a_phone_reloaded_offline_shows_its_copy_and_sends_its_answers_once(
    page: Page, live_server, axe_check
):
    """Offline is Playwright's emulation (`set_offline`), which this chromium applies to the service worker's
    fetches too. Between answers the phone has signal only for pages, not for answers (a route aborts each
    answer sent, as on a venue's overloaded network), so the next activity reaches it while the answers given
    so far stay waiting on the phone. Each activity stays open as the next opens, so that every answer is
    still accepted when it arrives (one for an activity closed meanwhile is refused, as tested above)."""
    # given a participant on a phone, an idea board open (someone's idea on it), and dots and pairs to come
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE, title="Early help together")
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    CardFactory(activity=board, column="Ideas", text="Meet families where they are")
    dots = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, state="draft")
    pairs = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE, state=ActivityState.DRAFT)
    for n, text in enumerate(["Shared referral form", "One front door"]):
        PairwiseOption.objects.create(activity=pairs, text=text, order=n)
    page.set_viewport_size(PHONE)
    _join(page, live_server.url, workshop)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    _copy_kept(page)

    # when it adds an idea offline, then a dot and a pairwise answer offline as the facilitator moves on
    def add_idea() -> None:
        page.get_by_label("Your idea").fill("A shared lunch 🍲 each month")
        page.get_by_role("button", name="Add my idea").click()

    _answered_offline(page, add_idea, 1)
    page.route(ANSWERS, lambda route: route.abort() if route.request.method == "POST" else route.fallback())
    for to, button, waiting in [(dots, "Add a dot", 2), (pairs, "One front door", 3)]:
        page.context.set_offline(False)
        to.state, to.opened_at = ActivityState.OPEN, timezone.now()  # the earlier ones stay open
        to.save()
        expect(page.get_by_role("button", name=button).first).to_be_visible(timeout=10_000)
        _copy_kept(page)
        _answered_offline(page, page.get_by_role("button", name=button).first.click, waiting)

    # and reloads the page without signal
    page.reload()

    # then it sees the page it last saw, said to be the copy on the phone, with its three answers waiting
    expect(page.get_by_role("heading", name=pairs.title)).to_be_visible()
    expect(page.locator("[data-copy-note]")).to_contain_text("the copy of the page saved on this phone")
    expect(page.locator("#send-status")).to_contain_text("Waiting to send (3). You are offline.")
    expect(page.get_by_role("button", name="One front door")).to_be_disabled()  # answered, not yet sent
    _shot(page, "offline-copy")
    axe_check(page)
    assert (_count(Card), _count(DotVote), _count(PairwiseVote)) == (1, 0, 0)

    # and back online, every answer is saved once, and the note goes
    page.unroute(ANSWERS)
    page.context.set_offline(False)
    expect(page.locator("#send-status")).to_have_text("All your answers are saved.", timeout=15_000)
    expect(page.locator("[data-copy-note]")).to_be_hidden()
    assert (_count(Card), _count(DotVote), _count(PairwiseVote)) == (2, 1, 1)
    page.reload()
    expect(page.locator("#send-status")).to_be_empty()
    assert (_count(Card), _count(DotVote), _count(PairwiseVote)) == (2, 1, 1)


CACHES = "caches.keys().then((names) => names.filter((name) => name.startsWith('coproduce-take-part:')))"
SCOPES = (
    "navigator.serviceWorker.getRegistrations().then((found) => found.map((r) => new URL(r.scope).pathname))"
)


def _kept_for(page: Page, live_server, workshop) -> None:
    """Join `workshop` on the phone and wait until its worker keeps the page."""
    ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    _join(page, live_server.url, workshop)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    _copy_kept(page)


def test_a_phone_passed_round_keeps_one_workshops_copy_until_it_ends(page: Page, live_server):
    # given a phone that took part in one workshop, then joins another
    first, second = WorkshopFactory(status=WorkshopStatus.LIVE), WorkshopFactory(status=WorkshopStatus.LIVE)
    page.set_viewport_size(PHONE)
    _kept_for(page, live_server, first)
    assert page.evaluate(CACHES) == [f"coproduce-take-part:/w/{first.join_code}/"]
    _kept_for(page, live_server, second)

    # then only the second workshop's copy and worker are left on it
    _eventually(page, f"{CACHES}.then((names) => names.length === 1)")
    assert page.evaluate(CACHES) == [f"coproduce-take-part:/w/{second.join_code}/"]
    _eventually(page, f"{SCOPES}.then((scopes) => scopes.length === 1)")
    assert page.evaluate(SCOPES) == [f"/w/{second.join_code}/"]

    # and a team page on the same browser is not the worker's to answer
    facilitator = MembershipFactory(project=second.project, role=ProjectRole.FACILITATOR).user
    login(page, live_server, facilitator)
    kwargs = {"project_id": second.project.public_id, "workshop_id": second.public_id}
    page.goto(live_server.url + reverse("workshops:facilitate", kwargs=kwargs))
    assert page.evaluate("navigator.serviceWorker.controller") is None

    # when the workshop ends and the phone loads its page again
    second.status = WorkshopStatus.ENDED
    second.save()
    page.goto(live_server.url + reverse("workshops_public:take_part", args=[second.join_code]))
    expect(page.get_by_role("heading", name="The workshop has ended")).to_be_visible()

    # then the copy is gone and the worker with it: without signal there is nothing of the workshop to show
    _eventually(page, f"{CACHES}.then((names) => names.length === 0)")
    _eventually(page, f"{SCOPES}.then((scopes) => scopes.length === 0)")


AGED = """async ([name, path]) => {
  const cache = await caches.open(name);
  const copy = await cache.match(path);
  const headers = new Headers(copy.headers);
  headers.set("Offline-Copy-Saved-At", String(Date.now() - 13 * 60 * 60 * 1000));
  await cache.put(path, new Response(await copy.text(), { status: 200, headers: headers }));
}"""


def test_a_copy_older_than_12_hours_is_never_shown(page: Page, live_server):
    # given a phone whose copy of the page was kept 13 hours ago
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    page.set_viewport_size(PHONE)
    _kept_for(page, live_server, workshop)
    path = reverse("workshops_public:take_part", args=[workshop.join_code])
    page.evaluate(AGED, [f"coproduce-take-part:/w/{workshop.join_code}/", path])

    # when it reloads the page without signal
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.reload()

    # then the browser says it is offline, and the old copy is gone
    page.context.set_offline(False)
    page.goto(live_server.url + reverse("workshops_public:join"))
    assert (
        page.evaluate(f"caches.open('coproduce-take-part:/w/{workshop.join_code}/').then((c) => c.keys())")
        == []
    )
