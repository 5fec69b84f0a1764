"""Screening titles and abstracts by keyboard alone, with axe on the screening page."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.evidence.models import Decision, ScreeningDecision
from coproduce.evidence.services.screening import dual_screening_set, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_screen_ten_records_by_keyboard(page: Page, live_server, axe_check):
    # given a researcher and 30 records
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    for i in range(30):
        topic = "council youth services" if i % 3 else "rodent maze learning"
        ReferenceFactory.create(
            project=membership.project, title=f"{topic} {i}", abstract=f"A study of {topic}."
        )
    login(page, live_server, membership.user)
    page.goto(
        live_server.url + reverse("evidence:screen", kwargs={"project_id": membership.project.public_id})
    )
    axe_check(page)
    # when they press I, E or M for ten records
    for key in "iieimeiiei":
        title = page.locator("#record-title").inner_text()
        page.keyboard.press(key)
        expect(page.locator("#record-title")).not_to_have_text(title)
        page.wait_for_load_state()  # the shortcut script runs once the page has loaded
    # then ten decisions are recorded in the order pressed, and the page says so
    decisions = list(ScreeningDecision.objects.order_by("id").values_list("decision", flat=True))
    assert "".join(d[0] for d in decisions) == "iieimeiiei"
    expect(page.get_by_text("Screened 10 of 30 records")).to_be_visible()
    axe_check(page)


def test_second_screener_screens_blind_and_sees_agreement(page: Page, live_server, axe_check):
    # given every record is screened by two people and a first screener has included three
    first = MembershipFactory.create(role=ProjectRole.LEAD)
    project = first.project
    second = MembershipFactory.create(project=project, role=ProjectRole.RESEARCHER)
    dual_screening_set(project=project, share_percent=100, by=first.user)
    records = [ReferenceFactory.create(project=project, title=f"Council study {i}") for i in range(3)]
    for record in records:
        reference_screen(reference=record, decision=Decision.INCLUDE, note="FIRST-NOTE", by=first.user)
    login(page, live_server, second.user)
    page.goto(live_server.url + reverse("evidence:screen", kwargs={"project_id": project.public_id}))
    # then the page offers a record blind, without the first screener's decision or note
    expect(page.get_by_text("screened blind by two people: decide without discussing it")).to_be_visible()
    assert "FIRST-NOTE" not in page.content()
    axe_check(page)
    # when the second screener includes all three by keyboard
    for _ in records[:-1]:
        title = page.locator("#record-title").inner_text()
        page.keyboard.press("i")
        expect(page.locator("#record-title")).not_to_have_text(title)
        page.wait_for_load_state()
    page.keyboard.press("i")
    expect(page.get_by_role("heading", name="No more records for you to screen")).to_be_visible()
    # then the agreement panel shows three pairs in full agreement
    expect(page.get_by_text("3 records screened by two people. Agreed on 100%.")).to_be_visible()
