"""A phone (360 x 740) that sends several answers kept without signal, in a row: one the server refuses is
said, with its reason, after the last is sent, and never covered by "All your answers are saved."."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.workshops.models import ActivityKind, ActivityState, Card, DotVote, WorkshopStatus

from .factories import ActivityFactory, CardFactory, WorkshopFactory
from .test_phone_browser import PHONE, _count, _join, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ANSWERS = re.compile(r"/w/[^/]+/(ideas|dots)/")
CLOSED = "This activity is not open for answers now."


SAID = {
    1: f"One answer was not saved: {CLOSED}",
    2: "2 answers were not saved:",
}


@pytest.mark.parametrize("refused", [1, 2])
def test_answers_refused_in_a_row_of_kept_answers_stay_said(page: Page, live_server, axe_check, refused):
    """Between the ideas and the dot the phone has signal for pages only (a route aborts each answer sent),
    so the dot vote reaches it while the ideas still wait; the board is closed by then."""
    # given a phone with ideas kept offline for a board the facilitator then closes
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    CardFactory(activity=board, column="Ideas", text="Meet families where they are")
    dots = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, state="draft")
    page.set_viewport_size(PHONE)
    _join(page, live_server.url, workshop)
    status = page.locator("#send-status")
    page.context.set_offline(True)
    for words in ["A shared lunch each month", "A drop-in on Saturdays"][:refused]:
        page.get_by_label("Your idea").fill(words)
        page.get_by_role("button", name="Add my idea").click()
    expect(status).to_contain_text(f"Waiting to send ({refused}).")
    board.state, board.closed_at = ActivityState.CLOSED, timezone.now()
    board.save()
    dots.state, dots.opened_at = ActivityState.OPEN, timezone.now()
    dots.save()

    # and a dot placed offline on the dot vote that follows
    page.route(ANSWERS, lambda route: route.abort() if route.request.method == "POST" else route.fallback())
    page.context.set_offline(False)
    expect(page.get_by_role("button", name="Add a dot")).to_be_visible(timeout=10_000)
    page.context.set_offline(True)
    page.get_by_role("button", name="Add a dot").click()
    expect(status).to_contain_text(f"Waiting to send ({refused + 1}).")

    # when it is back online and they are sent in a row
    page.unroute(ANSWERS)
    page.context.set_offline(False)

    # then the ideas refused are said, with the reason once, and the dot is saved once
    expect(status).to_contain_text(SAID[refused], timeout=15_000)
    if refused > 1:
        expect(status.get_by_role("listitem")).to_have_text([CLOSED])
    expect(page.locator(".app-dots-left__count")).to_have_text(str(dots.dots - 1), timeout=10_000)
    _shot(page, f"refused-{refused}-in-a-row")
    axe_check(page)
    expect(status).to_contain_text(SAID[refused])
    expect(status).not_to_contain_text("All your answers are saved.")
    assert (_count(Card), _count(DotVote)) == (1, 1)
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('coproduce.queue'))") == []
