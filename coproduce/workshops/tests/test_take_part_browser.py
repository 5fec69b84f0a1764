"""Taking part on a phone (360 x 740): join by code, add an idea, vote on a statement by keyboard.

The live test server speaks HTTP only, so the page's WebSocket fails and it falls back to asking for the
current activity every 3 seconds: this test also shows that fallback picks up a new activity.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Card,
    PairwiseOption,
    Participant,
    StatementVote,
    WorkshopStatus,
)

from .factories import ActivityFactory, CardFactory, StatementFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(activity, to) -> None:
    """Close `activity` and open `to`, as the facilitator would."""
    activity.state, activity.closed_at = ActivityState.CLOSED, timezone.now()
    activity.save()
    to.state, to.opened_at = ActivityState.OPEN, timezone.now()
    to.save()


def test_join_add_an_idea_and_vote_by_keyboard(page: Page, live_server, axe_check):
    # given a live workshop with an open idea board, and statements and voting to come
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, opened_at=timezone.now())
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.DRAFT)
    StatementFactory(activity=statements, number=1, text="Funders should pool small grants")
    StatementFactory(activity=statements, number=2, text="Councils should share referral data")
    page.set_viewport_size({"width": 360, "height": 740})

    # when they type the code in lower case with a space, on the join page
    page.goto(live_server.url + reverse("workshops_public:join"))
    axe_check(page)
    code = workshop.join_code.lower()
    page.get_by_label("Workshop code").fill(f"{code[:3]} {code[3:]}")
    page.get_by_role("button", name="Continue").click()

    # and pick a sector on the join form
    expect(page.get_by_role("heading", name=f"Join {workshop.title}")).to_be_visible()
    axe_check(page)
    page.get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Join the workshop").click()

    # then they see the idea board, and can add an idea
    expect(page.get_by_role("heading", name=board.title)).to_be_visible()
    axe_check(page)
    page.get_by_label("Ways of doing").check()
    page.get_by_label("Your idea").fill("<b>Share</b> one referral form")
    page.get_by_role("button", name="Add my idea").click()
    expect(page.locator(".app-idea-list")).to_contain_text("Share one referral form")
    assert Card.objects.get().text == "Share one referral form"
    assert Participant.objects.get().sector == "prefer_not"

    # when the facilitator moves on to the statements, the page follows by itself
    _switch(board, statements)
    expect(page.get_by_text("Funders should pool small grants")).to_be_visible(timeout=10_000)
    axe_check(page)

    # and they agree by keyboard alone: Tab to "Agree" and press Enter
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == "Agree":
            break
    else:
        pytest.fail("Tab never reached the Agree button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Councils should share referral data")).to_be_visible()
    expect(page.get_by_role("button", name="Agree", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Disagree
    expect(page.get_by_text("You have voted on all statements")).to_be_visible()
    assert sorted(StatementVote.objects.values_list("value", flat=True)) == [-1, 1]
    axe_check(page)


def test_every_kind_of_activity_passes_axe_on_a_phone(page: Page, live_server, axe_check):
    # given a participant in a workshop with nothing open yet
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + reverse("workshops_public:join_workshop", args=[workshop.join_code]))
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Resident or community member").check()
    page.get_by_role("button", name="Join the workshop").click()
    expect(page.get_by_text("Waiting for the facilitator to start the next activity")).to_be_visible()
    axe_check(page)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, state=ActivityState.CLOSED)
    CardFactory.create_batch(2, activity=board, participant=None)
    dots = ActivityFactory(
        workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, state=ActivityState.DRAFT
    )
    pairwise = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE, state=ActivityState.DRAFT)
    for n, text in enumerate(["Shared referral form", "One front door", "Joint training"]):
        PairwiseOption.objects.create(activity=pairwise, text=text, order=n)

    # when each kind is opened in turn, then each page passes axe, open and revealed
    for activity, button in ((dots, "Add a dot"), (pairwise, "I can't decide")):
        _switch(board, activity)
        page.reload()
        expect(page.get_by_role("button", name=button).first).to_be_visible()
        page.get_by_role("button", name=button).first.click()
        axe_check(page)
        activity.state, activity.revealed_at = ActivityState.REVEALED, timezone.now()
        activity.save()
        page.reload()
        expect(page.get_by_role("heading", name="Results")).to_be_visible()
        axe_check(page)
        board = activity
