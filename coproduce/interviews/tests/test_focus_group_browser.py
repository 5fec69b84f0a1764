"""Scheduling a focus group and changing who takes part, by keyboard, at desktop and phone widths."""

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.consent.models import ConsentScope
from coproduce.interviews.models import Interview
from coproduce.interviews.selectors.interviews import interview_participant_list
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from tests.browser.signin import login

from .test_browser import both_widths
from .test_services import _consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "coproduce-screenshots" / "focus-groups"


def test_schedule_a_focus_group_then_change_who_takes_part(page: Page, live_server, axe_check):
    # given a researcher and four people in the register, two of whom consented to take part
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project, user = membership.project, membership.user
    food_bank = OrganisationFactory(project=project, name="Brookvale Food Bank")
    names = ("Ffion Quillfeather", "Olu Adeyemi", "Rhiannon Tull", "Dara Finch")
    people = [
        StakeholderFactory(project=project, code=f"P0{n}", full_name=name, organisation=food_bank)
        for n, name in enumerate(names, start=6)
    ]
    for person in people[:2]:
        _consent(person, user, ConsentScope.INTERVIEW)
    login(page, live_server, user)

    # when they open the focus group page from the schedule and save with one person chosen
    page.goto(
        live_server.url + reverse("interviews:interview_list", kwargs={"project_id": project.public_id})
    )
    page.get_by_role("link", name="Schedule a focus group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a focus group")
    both_widths(page, axe_check, "focus-group-create", SHOTS)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label(re.compile("^P06: Ffion Quillfeather")).check()
    page.get_by_label("Date and time").fill("2026-12-10T14:00")
    page.get_by_role("button", name="Save focus group").click()

    # then the page says why, and nothing is saved
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose at least two people for a focus group"
    )
    both_widths(page, axe_check, "focus-group-create-error", SHOTS)
    assert not Interview.objects.exists()

    # when they choose three people, by keyboard, and save
    page.set_viewport_size({"width": 1280, "height": 900})
    for code in ("P07", "P08"):
        page.get_by_label(re.compile(f"^{code}:")).focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Save focus group").click()

    # then the focus group page shows each participant with their consent
    expect(page.get_by_role("heading", level=1)).to_have_text("Focus group with P06, P07 and P08")
    expect(page.get_by_role("heading", name="P08, VCFSE", exact=False)).to_be_visible()
    both_widths(page, axe_check, "focus-group-detail", SHOTS)

    # and the change page swaps one participant for another
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Change", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the focus group")
    both_widths(page, axe_check, "focus-group-edit", SHOTS)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label(re.compile("^P08:")).uncheck()
    page.get_by_label(re.compile("^P09:")).check()
    page.get_by_role("button", name="Save focus group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Focus group with P06, P07 and P09")
    group = Interview.objects.get()
    assert [p.code for p in interview_participant_list(interview=group)] == ["P06", "P07", "P09"]

    # and the register page of a participant leads to the interviews and focus groups they took part in
    detail = reverse("people:stakeholder_detail", kwargs={"project_id": project.public_id, "code": "P09"})
    page.goto(live_server.url + detail)
    page.get_by_role("link", name="Interviews and focus groups with P09").click()
    expect(page.get_by_role("heading", level=2, name="Interviews and focus groups with P09")).to_be_visible()
    expect(page.get_by_role("cell", name="Focus group: P06, P07 and P09")).to_be_visible()
    both_widths(page, axe_check, "schedule-of-one-person", SHOTS)

    # and once its transcript is in, the speakers page offers the first guess for each participant
    _consent(people[3], user, ConsentScope.INTERVIEW)
    text = "Moderator: Welcome.\n\nP06: We run the food bank.\n\nDara Finch: We see the families first.\n"
    transcript_import(interview=group, by=user, data=text.encode(), filename="group.txt")
    ids = {"project_id": project.public_id, "interview_id": group.public_id}
    page.goto(live_server.url + reverse("interviews:transcript_speakers", kwargs=ids))
    expect(page.get_by_label("Dara Finch")).to_have_value(str(people[3].public_id))
    both_widths(page, axe_check, "focus-group-speakers", SHOTS)
