"""Leaving a workshop on a shared phone (360 x 740): the page warns of answers still waiting, and leaving
forgets the phone's copy of the page and its waiting answers, so the next person starts afresh."""

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from coproduce.workshops.models import ActivityKind, Card, Participant, WorkshopStatus

from .factories import ActivityFactory, WorkshopFactory
from .test_phone_browser import ANSWERS, CACHES, PHONE, SCOPES, _copy_kept, _count, _eventually, _join, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STORED = "Object.keys(localStorage).filter((k) => k.startsWith('coproduce.'))"


def test_leaving_forgets_the_phones_copy_and_waiting_answers(page: Page, live_server, axe_check):
    # given a phone in a workshop, its page kept on it, with an idea waiting to be sent (answers do not get
    # through: a route aborts each one, as on a venue's overloaded network)
    workshop = WorkshopFactory(status=WorkshopStatus.LIVE, title="Early help together")
    ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    page.set_viewport_size(PHONE)
    _join(page, live_server.url, workshop)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    _copy_kept(page)
    page.route(ANSWERS, lambda route: route.abort() if route.request.method == "POST" else route.fallback())
    page.context.set_offline(True)
    page.get_by_label("Your idea").fill("A shared lunch each month")
    page.get_by_role("button", name="Add my idea").click()
    expect(page.locator("#send-status")).to_contain_text("Waiting to send (1).")
    page.context.set_offline(False)
    _shot(page, "leave-link")

    # when they choose to leave, by keyboard
    page.get_by_role("link", name="Leave this workshop").focus()
    page.keyboard.press("Enter")

    # then the page says what leaving does, and warns of the answer still waiting
    expect(page.get_by_role("heading", name="Leave this workshop?")).to_be_visible()
    expect(page.get_by_text("everything you have added stays in the workshop")).to_be_visible()
    expect(page.get_by_text("Some of your answers have not been sent yet.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "leave")
    axe_check(page)
    assert Participant.objects.get().left_at is None

    # when they leave
    page.get_by_role("button", name="Leave the workshop").focus()
    page.keyboard.press("Enter")

    # then they are on the join page, told they left, and the phone holds nothing of theirs
    expect(page.get_by_text("You have left the workshop. Everything you added is kept.")).to_be_visible()
    expect(page.get_by_role("button", name="Join the workshop")).to_be_visible()
    _shot(page, "left")
    assert page.evaluate(STORED) == []
    _eventually(page, f"{CACHES}.then((names) => names.length === 0)")
    _eventually(page, f"{SCOPES}.then((scopes) => scopes.length === 0)")

    # and the take-part page without signal is no longer there to show
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(live_server.url + reverse("workshops_public:take_part", args=[workshop.join_code]))

    # and back online, the next person joins as someone new, and the waiting idea was never sent
    page.context.set_offline(False)
    page.unroute(ANSWERS)
    _join(page, live_server.url, workshop)
    expect(page.get_by_text("You are Participant 2.")).to_be_visible()
    assert page.evaluate(STORED) == []
    assert _count(Card) == 0
    assert Participant.objects.filter(left_at__isnull=False).count() == 1
