"""Correcting speakers and turns in the browser: the turns page and the split page pass axe-core at desktop
and phone widths, and a split is made by keyboard alone."""

import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.consent.models import ConsentScope
from coproduce.interviews.services.interviews import interview_create
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from tests.browser.signin import login

from .test_browser import both_widths
from .test_services import _consent
from .test_turns import FILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "coproduce-screenshots" / "turns"


def test_splitting_a_turn_by_keyboard(page: Page, live_server, axe_check):
    # given a researcher and a transcript whose file ran Jane Smith's words into Ffion's turn
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project, user = membership.project, membership.user
    person = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    StakeholderFactory(project=project, code="P08", full_name="Jane Smith")
    _consent(person, user, ConsentScope.INTERVIEW)
    interview = interview_create(project=project, by=user, stakeholder=person, scheduled_for=timezone.now())
    transcript_import(interview=interview, by=user, data=FILE.encode(), filename="p07.txt")
    login(page, live_server, user)
    ids = {"project_id": project.public_id, "interview_id": interview.public_id}

    # when they open the turns page
    page.goto(live_server.url + reverse("interviews:transcript_turns", kwargs=ids))
    expect(page.get_by_role("heading", name="Correct speakers and turns")).to_be_visible()
    both_widths(page, axe_check, "turns", SHOTS)

    # and split turn 2 where Jane Smith starts, by keyboard
    page.set_viewport_size({"width": 360, "height": 800})
    page.get_by_role("link", name="Split turn 2").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Split turn 2 where a new speaker starts")).to_be_visible()
    page.get_by_label("The words the new speaker starts with").fill("And I run")
    page.get_by_label("The words the new speaker starts with").press("Tab")
    page.keyboard.press("ArrowDown")  # from the first speaker, "Interviewer", down to the last, "Jane Smith"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Jane Smith", exact=True)).to_be_checked()
    page.get_by_role("button", name="Split the turn").press("Enter")

    # then the turns page says so and lists the new turn as Jane Smith's
    expect(page.get_by_text("Turn 2 has been split in two: turn 3 is new.")).to_be_visible()
    expect(page.get_by_role("heading", name="3. Jane Smith")).to_be_visible()

    # and a bad split is refused with the reason, on a page that passes axe too
    page.get_by_role("link", name="Split turn 3").click()
    page.get_by_label("The words the new speaker starts with").fill("the clinic opposite")
    page.get_by_role("radio", name="Interviewer").check()
    page.get_by_role("button", name="Split the turn").click()
    expect(page.get_by_role("alert")).to_contain_text("is not in this turn")
    both_widths(page, axe_check, "split-refused", SHOTS)
