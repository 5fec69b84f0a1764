"""A workshop live in two browsers: a participant's phone adds an idea, the projector shows it at once.

pytest-django's live server speaks WSGI only, without WebSockets, so `asgi_server` runs the real ASGI
application (config.asgi, as in production) with uvicorn in a background thread, on a free port, against
the test database. The second test uses the WSGI live server on purpose: the socket fails there, and the
pages fall back to polling, saying so.
"""

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import ActivityKind, ActivityState, Cluster, StatementVote
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    CardFactory,
    StatementFactory,
    WorkshopFactory,
)

from .signin import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise's static files under ASGI (config/settings/base.py silences this outside the tests)
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]

PHONE: ViewportSize = {"width": 360, "height": 740}


@dataclass
class Server:
    url: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def asgi_server(transactional_db) -> Iterator[Server]:
    """config.asgi served by uvicorn in a thread: HTTP and the workshop WebSockets, one event loop."""
    port = _free_port()
    config = uvicorn.Config(
        "config.asgi:application", host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)
    connections.close_all()


@pytest.fixture
def room():
    workshop = WorkshopFactory(title="Early help together")
    board = ActivityFactory(
        workshop=workshop,
        kind=ActivityKind.IDEA_BOARD,
        title="What could we do together?",
        state=ActivityState.OPEN,
    )
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    return workshop, board, facilitator


def _team_url(name: str, workshop) -> str:
    return reverse(name, kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id})


def _add_an_idea_on_a_phone(browser: Browser, base_url: str, join_code: str) -> None:
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(base_url + reverse("workshops_public:join"))
    page.get_by_label("Workshop code").fill(join_code.lower())
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Funder", exact=True).check()
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_label("Ways of thinking").check()
    page.get_by_label("Your idea").fill("One referral form for every service")
    page.get_by_role("button", name="Add my idea").click()
    expect(page.get_by_text("One referral form for every service").first).to_be_visible()
    phone.close()


def test_projector_shows_a_phone_idea_live_over_the_socket(
    page: Page, browser: Browser, asgi_server, room, axe_check
):
    workshop, _, facilitator = room
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, asgi_server, facilitator)

    # the facilitator's page passes axe, and listens on its socket
    page.goto(asgi_server.url + _team_url("workshops:facilitate", workshop))
    expect(page.locator("[data-live='socket']")).to_be_attached(timeout=10_000)
    axe_check(page)

    # the projector listens too, and shows no cards yet
    page.goto(asgi_server.url + _team_url("workshops:projector", workshop))
    expect(page.locator("[data-live='socket']")).to_be_attached(timeout=10_000)
    expect(page.get_by_text("0 cards from 0 people")).to_be_visible()
    axe_check(page)
    page.evaluate("window.notReloaded = true")

    # when a participant joins by code on a phone and adds an idea
    _add_an_idea_on_a_phone(browser, asgi_server.url, workshop.join_code)

    # then the projector shows it within seconds, without reloading, and live updates were never paused
    expect(page.get_by_text("1 card from 1 person")).to_be_visible(timeout=5_000)
    expect(page.get_by_text("One referral form for every service")).to_be_visible()
    expect(page.get_by_text("1 person has joined")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("[data-live-status]")).to_have_text("")


def test_pages_fall_back_to_polling_without_a_socket(page: Page, browser: Browser, live_server, room):
    workshop, _, facilitator = room
    login(page, live_server, facilitator)
    page.goto(live_server.url + _team_url("workshops:projector", workshop))

    # the WSGI test server has no WebSocket: the page says so and polls instead
    expect(page.locator("[data-live-status]")).to_have_text(
        "Live updates paused; refreshing every few seconds", timeout=10_000
    )
    page.evaluate("window.notReloaded = true")
    _add_an_idea_on_a_phone(browser, live_server.url, workshop.join_code)
    expect(page.get_by_text("1 card from 1 person")).to_be_visible(timeout=6_000)
    assert page.evaluate("window.notReloaded") is True


def test_moderation_drag_a_card_into_a_cluster(page: Page, live_server, room, axe_check):
    workshop, board, facilitator = room
    for text in ("One referral form for every service", "A shared referral form", "Joint training days"):
        CardFactory(activity=board, text=text)
    cluster = Cluster.objects.create(activity=board, title="Training")
    login(page, live_server, facilitator)
    page.goto(
        live_server.url
        + reverse(
            "workshops:moderation",
            kwargs={
                "project_id": workshop.project.public_id,
                "workshop_id": workshop.public_id,
                "activity_id": board.public_id,
            },
        )
    )
    # the page, with its suggested cluster, passes axe at phone width and at desktop width
    expect(page.get_by_role("heading", name="Suggested clusters")).to_be_visible()
    axe_check(page)
    page.set_viewport_size(PHONE)
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 2400})  # the card and the cluster both in view

    # when the facilitator drags a card onto the cluster
    card = page.locator("li.app-card", has_text="Joint training days")
    card.drag_to(page.locator(f"[data-drop-cluster='{cluster.public_id}']"))

    # then the card is in the cluster, on the page and in the database
    expect(page.get_by_role("heading", name="Training (1 card)")).to_be_visible(timeout=5_000)
    assert cluster.cards.filter(text="Joint training days").exists()


def test_phone_votes_go_over_the_socket_and_reach_the_projector(
    page: Page, browser: Browser, asgi_server, room, axe_check
):
    # given a projector watching an open statements activity with two statements
    workshop, board, facilitator = room
    board.state = ActivityState.CLOSED
    board.save()
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    first = StatementFactory(activity=statements, number=1, text="Funders should pool small grants")
    StatementFactory(activity=statements, number=2, text="Councils should share referral data")
    login(page, asgi_server, facilitator)
    page.goto(asgi_server.url + _team_url("workshops:projector", workshop))
    expect(page.locator("[data-live='socket']")).to_be_attached(timeout=10_000)
    expect(page.get_by_text("0 votes on 2 statements")).to_be_visible()

    # when a participant joins on a phone and votes on both statements
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    posts: list[str] = []
    mobile.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    mobile.goto(asgi_server.url + reverse("workshops_public:join_workshop", args=[workshop.join_code]))
    mobile.get_by_label("Funder", exact=True).check()
    mobile.get_by_role("button", name="Join the workshop").click()
    expect(mobile.get_by_text("Funders should pool small grants")).to_be_visible()
    expect(mobile.locator("#take-part[data-live='socket']")).to_be_attached(timeout=10_000)
    expect(mobile.get_by_text("Councils should share referral data")).to_be_hidden()  # one at a time
    expect(mobile.locator("[data-statements-done]")).to_be_hidden()
    mobile.get_by_role("button", name="Agree", exact=True).click()

    # then the next statement shows at once, with focus on its first answer, and the count moves on
    expect(mobile.get_by_text("Councils should share referral data")).to_be_visible()
    expect(mobile.get_by_role("button", name="Agree", exact=True)).to_be_focused()
    expect(mobile.locator("[data-voted]")).to_have_text("1")
    axe_check(mobile)
    mobile.get_by_role("button", name="Disagree", exact=True).click()
    expect(mobile.get_by_text("You have voted on all statements")).to_be_visible(timeout=5_000)

    # and the projector shows both votes without reloading; the votes went over the socket, not as posts
    expect(page.get_by_text("2 votes on 2 statements from 1 person")).to_be_visible(timeout=5_000)
    assert not [url for url in posts if "/vote/" in url]
    assert sorted(StatementVote.objects.values_list("value", flat=True)) == [-1, 1]

    # when a vote the page had sent but not heard back about is still waiting after a reload
    StatementVote.objects.filter(statement=first).delete()
    key = "coproduce.votes/ws/workshops/" + str(workshop.public_id) + "/people/"
    waiting = {"k1": {"statement": str(first.public_id), "value": "pass", "url": ""}}
    mobile.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))", [key, waiting])
    mobile.reload()

    # then the page does not ask about that statement again, sends the vote once the socket opens, and
    # it is stored
    expect(mobile.get_by_text("Funders should pool small grants")).to_be_hidden()
    expect(mobile.get_by_text("You have voted on all statements")).to_be_visible(timeout=5_000)
    _until(lambda: mobile.evaluate("key => localStorage.getItem(key)", key) == "{}")  # heard back
    assert StatementVote.objects.get(statement=first).value == 0
    phone.close()


def _until(condition: Callable[[], bool], seconds: float = 5) -> None:
    """Wait for `condition`, asked from Python: the page's Content Security Policy forbids the string
    predicates Playwright's wait_for_function would evaluate in it."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("The condition did not become true in time")
        time.sleep(0.05)


# A WebSocket that opens at once and that the test drives: `window.liveSocket.say(data)` delivers a message
# (by default "{}", a change the page must fetch).
FAKE_SOCKET = """
window.WebSocket = function () {
  var socket = this;
  window.liveSocket = socket;
  socket.say = function (data) { socket.onmessage({ data: data || "{}" }); };
  setTimeout(function () { socket.onopen(); }, 0);
};
window.WebSocket.OPEN = 1;
"""

# The fetches the page started (window.fetches) and the most it had on their way at once
# (window.mostFetches).
COUNTED_FETCH = """
(function () {
  var fetchNow = window.fetch, going = 0;
  window.fetches = 0;
  window.mostFetches = 0;
  window.fetch = function () {
    window.fetches += 1;
    going += 1;
    window.mostFetches = Math.max(window.mostFetches, going);
    return fetchNow.apply(window, arguments).finally(function () { going -= 1; });
  };
})();
"""

# Every 30 ms for 1.5 s, a message: a room voting without pause. Resolves with the number of messages.
STREAM = """() => new Promise(function (done) {
  var sent = 0;
  var timer = setInterval(function () {
    window.liveSocket.say();
    sent += 1;
    if (sent === 50) { clearInterval(timer); done(sent); }
  }, 30);
})"""


def _projector_counting_fetches(page: Page, live_server, workshop, facilitator) -> list[str]:
    """Open the projector on the test's socket (FAKE_SOCKET); the list fills with each fetch of its
    fragment, from the first, on opening."""
    login(page, live_server, facilitator)
    page.add_init_script(FAKE_SOCKET)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "partial" in request.url else None)
    with page.expect_request(lambda request: "partial" in request.url, timeout=10_000):  # on opening
        page.goto(live_server.url + _team_url("workshops:projector", workshop))
    return fetched


def test_a_steady_stream_of_tallies_refreshes_the_projector_while_it_lasts(page: Page, live_server, room):
    # given the projector, its socket open, counting the fetches of its fragment
    workshop, _, facilitator = room
    fetched = _projector_counting_fetches(page, live_server, workshop, facilitator)
    expect(page.locator("[data-live='socket']")).to_be_attached()
    before = len(fetched)

    # when a message arrives every 30 ms, without a pause, while one more card is added
    CardFactory(activity=room[1], text="One referral form for every service")
    sent = page.evaluate(STREAM)
    during = len(fetched) - before

    # then the fragment was fetched again while the messages kept coming, at most once per 100 ms, and
    # once more after the last, which shows the card
    assert sent == 50
    assert 2 <= during <= sent
    expect(page.get_by_text("1 card from 1 person")).to_be_visible(timeout=5_000)


def test_a_slow_fragment_is_fetched_once_at_a_time_and_still_ends_on_the_latest(
    page: Page, live_server, room
):
    # given the projector, its socket open, on a server that takes 300 ms to send the fragment
    workshop, board, facilitator = room
    login(page, live_server, facilitator)
    page.add_init_script(FAKE_SOCKET + COUNTED_FETCH)
    with page.expect_request(lambda request: "partial" in request.url, timeout=10_000):  # on opening
        page.goto(live_server.url + _team_url("workshops:projector", workshop))

    def slowly(route: Route) -> None:
        time.sleep(0.3)
        route.continue_()

    page.route("**/projector/partial/", slowly)

    # when messages keep coming faster than the fragment arrives, while a card is added
    CardFactory(activity=board, text="One referral form for every service")
    before = page.evaluate("() => window.fetches")
    page.evaluate(STREAM)
    during = page.evaluate("() => window.fetches") - before

    # then the page fetched while the messages came, never a second copy before the first arrived, and
    # it ends showing the card
    expect(page.get_by_text("1 card from 1 person")).to_be_visible(timeout=10_000)
    assert during >= 2
    assert page.evaluate("() => window.mostFetches") == 1


# Every 30 ms for 1.5 s, the activity's total of votes, 1 to 50, as the server's tallies say it; after each
# message, what the projector's total reads. Resolves with those 50 readings.
TALLY_STREAM = """(activity) => new Promise(function (done) {
  var shown = [];
  var timer = setInterval(function () {
    var votes = shown.length + 1;
    window.liveSocket.say(JSON.stringify({ event: "statement.voted", activity: activity, votes: votes }));
    var total = document.querySelector("[data-live-tally]");
    shown.push(total ? total.textContent : null);
    if (votes === 50) { clearInterval(timer); done(shown); }
  }, 30);
})"""


def test_the_projector_shows_each_tally_in_place_and_fetches_its_fragment_seldom(
    page: Page, live_server, room
):
    # given the projector on an open statements activity, its socket open, counting fragment fetches
    workshop, board, facilitator = room
    board.state = ActivityState.CLOSED
    board.save()
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    StatementFactory(activity=statements, number=1, text="Funders should pool small grants")
    StatementFactory(activity=statements, number=2, text="Councils should share referral data")
    fetched = _projector_counting_fetches(page, live_server, workshop, facilitator)
    expect(page.get_by_text("0 votes on 2 statements")).to_be_visible()
    before = len(fetched)

    # when the room votes flat out: a tally every 30 ms for 1.5 s
    shown = page.evaluate(TALLY_STREAM, str(statements.public_id))
    during = len(fetched) - before

    # then each total showed the moment it arrived, while the fragment was fetched at most every 2 s
    assert shown == ["1 vote"] + [f"{n} votes" for n in range(2, 51)]
    assert during <= 2
    # and once the messages stop, a last fetch puts the page back on what is stored
    expect(page.get_by_text("0 votes on 2 statements")).to_be_visible(timeout=5_000)
