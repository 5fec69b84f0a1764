"""The pages that keep one person to one voice, in the browser at phone and desktop widths, with axe:
a pairwise choice on a phone, the page for too many joins, joins per minute and removing a participant on
the facilitator's side, and an expired invitation link."""

import datetime
import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.identity import invitation_token
from coproduce.workshops.models import (
    ActivityKind,
    Invitation,
    PairwiseOption,
    PairwiseVote,
    Participant,
    WorkshopStatus,
)

from .factories import ActivityFactory, CardFactory, ParticipantFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
SHOTS = os.environ.get("SCREENSHOTS_DIR", "")


def _look(page: Page, axe_check, name: str) -> None:
    """Check the page with axe at both widths, and keep a screenshot of each when SCREENSHOTS_DIR is set."""
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        axe_check(page)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)


def _sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def _join(page: Page, live_server, workshop) -> None:
    page.goto(live_server.url + reverse("workshops_public:join_workshop", args=[workshop.join_code]))
    page.get_by_label("Resident or community member").check()
    page.get_by_role("button", name="Join the workshop").click()


def test_a_pairwise_choice_on_a_phone_answers_the_pair_shown(page: Page, live_server, axe_check):
    # given a participant in a workshop with a pairwise comparison open
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    pairwise = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE)
    for n, text in enumerate(["Shared referral form", "One front door", "Joint training"]):
        PairwiseOption.objects.create(activity=pairwise, text=text, order=n)
    page.set_viewport_size(WIDTHS["phone"])
    _join(page, live_server, workshop)
    expect(page.get_by_role("button", name="I can't decide")).to_be_visible()
    _look(page, axe_check, "pairwise")

    # when they choose the first option shown, then one vote answers the pair served to them
    chosen = page.locator(".app-pair__form button").first.inner_text()
    with page.expect_response(lambda response: response.request.method == "POST"):  # the choice is saved
        page.locator(".app-pair__form button").first.click()
    expect(page.get_by_role("button", name="I can't decide")).to_be_visible()
    vote = PairwiseVote.objects.get()
    assert vote.winner.text == chosen.strip()
    assert vote.served is not None and {vote.winner, vote.loser} == {vote.served.first, vote.served.second}


def test_too_many_joins_show_a_plain_page_and_store_nothing(page: Page, live_server, axe_check, settings):
    # given a browser that has used its joins for this workshop
    settings.WORKSHOP_JOIN_DEVICE_LIMIT = 0
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)

    # when it tries to join, then it is told to wait, and nothing is stored
    page.set_viewport_size(WIDTHS["phone"])
    _join(page, live_server, workshop)
    expect(page.get_by_role("heading", name="Wait before joining again")).to_be_visible()
    expect(page.get_by_text("nothing has been saved")).to_be_visible()
    _look(page, axe_check, "join-limited")
    assert not Participant.objects.exists()


def test_facilitator_sees_joins_and_removes_a_participant(page: Page, live_server, axe_check):
    # given a live workshop that three people joined, one of whom added two ideas
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE)
    people = ParticipantFactory.create_batch(3, workshop=workshop)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD)
    CardFactory.create_batch(2, activity=board, participant=people[2])
    user = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    _sign_in(page, live_server, user)
    kwargs = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}

    # when the facilitator runs the workshop, then they see joins per minute
    page.set_viewport_size(WIDTHS["desktop"])
    page.goto(live_server.url + reverse("workshops:facilitate", kwargs=kwargs))
    expect(page.get_by_text("3 people joined by phone in the last 10 minutes")).to_be_visible()
    _look(page, axe_check, "facilitate")

    # and from there the list of people, and the confirmation to remove the one with ideas
    page.get_by_role("link", name="See everyone who has joined").click()
    expect(page.get_by_role("heading", name="People who have joined")).to_be_visible()
    _look(page, axe_check, "participant-list")
    page.get_by_role("link", name=f"Remove participant {people[2].number}").click()
    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    _look(page, axe_check, "participant-remove")

    # when they confirm, then the person and their ideas are gone
    page.get_by_role("button", name=f"Remove participant {people[2].number}").click()
    expect(page.get_by_text("and everything they contributed have been removed")).to_be_visible()
    assert Participant.objects.count() == 2
    assert not board.cards.exists()


def test_an_expired_invitation_link_says_so(page: Page, live_server, axe_check):
    # given an invitation to a workshop held yesterday
    yesterday = timezone.now() - datetime.timedelta(days=1)
    workshop = WorkshopFactory(status=WorkshopStatus.PLANNED, starts_at=yesterday)
    invitation = Invitation.objects.create(
        workshop=workshop, stakeholder=StakeholderFactory(project=workshop.project)
    )

    # when the link is opened, then it says it has expired
    url = reverse(
        "workshops_public:invitation_reply", kwargs={"token": invitation_token(invitation=invitation)}
    )
    page.goto(live_server.url + url)
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()
    _look(page, axe_check, "invitation-expired")
