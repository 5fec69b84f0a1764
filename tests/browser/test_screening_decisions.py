"""A record's decision history and a change of mind, the records list filtered by decision, and the
screening page's Undo, at desktop and phone widths, with axe."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.evidence.models import CriterionKind, Decision, PriorLabel
from coproduce.evidence.selectors.screening import current_decisions
from coproduce.evidence.services.priors import prior_knowledge_mark
from coproduce.evidence.services.screening import criterion_create, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("DECISION_SCREENSHOTS", "")  # a folder, to look at the pages by eye
WIDTHS = {"desktop": 1280, "phone": 360}


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", list(WIDTHS))
def test_change_a_decision_on_the_record_page_and_filter_the_list(page: Page, live_server, axe_check, size):
    # given a researcher, a colleague, an exclusion reason and a few screened records
    page.set_viewport_size({"width": WIDTHS[size], "height": 900})
    me = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project = me.project
    colleague = MembershipFactory.create(project=project, role=ProjectRole.LEAD).user
    off_topic = criterion_create(
        project=project, kind=CriterionKind.EXCLUDE, label="Not about local government", description="",
        by=colleague,
    )  # fmt: skip
    records = [
        ReferenceFactory.create(project=project, title=f"Community asset transfer in Brookvale, study {i}")
        for i in range(6)
    ]
    reference_screen(reference=records[0], decision=Decision.INCLUDE, note="Clearly in scope", by=colleague)
    reference_screen(reference=records[0], decision=Decision.MAYBE, offered_as="random", by=me.user)
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, reason=off_topic, by=me.user)
    prior_knowledge_mark(project=project, references=[records[2]], label=PriorLabel.RELEVANT, by=colleague)
    login(page, live_server, me.user)
    # when they open the record and change their decision to an exclusion
    page.goto(live_server.url + records[0].get_absolute_url())
    expect(page.get_by_text("Your decision: Maybe")).to_be_visible()
    expect(page.get_by_role("cell", name="Clearly in scope")).to_be_visible()
    axe_check(page)
    _shot(page, f"record-page-{size}")
    page.get_by_label("Exclude", exact=True).check()
    page.get_by_label("Reason to exclude").select_option(label="Not about local government")
    page.get_by_role("button", name="Change your decision").click()
    # then the history shows the change as the decision that counts
    expect(page.get_by_text("Your decision on record")).to_be_visible()
    expect(page.get_by_text("Changed to exclude")).to_be_visible()
    assert current_decisions(project=project)[records[0].pk] == Decision.EXCLUDE
    # when they filter the records list to exclusions, by the address
    page.goto(
        live_server.url
        + reverse("evidence:reference_list", kwargs={"project_id": project.public_id})
        + "?decision=excluded"
    )
    expect(page.get_by_text("2 records match the filters")).to_be_visible()
    expect(page.locator("#id_decision")).to_have_value("excluded")
    axe_check(page)
    _shot(page, f"records-excluded-{size}")
    # and to records not screened yet, with the form
    page.locator("#id_decision").select_option("unscreened")
    expect(page.get_by_text("4 records match the filters")).to_be_visible()
    expect(page).to_have_url(re.compile(r"decision=unscreened"))
    expect(page.locator("strong.govuk-tag", has_text="Known relevant")).to_be_visible()


def test_undo_the_last_decision_on_the_screening_page(page: Page, live_server, axe_check):
    # given a researcher on a phone and three records
    page.set_viewport_size({"width": 360, "height": 800})
    me = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    for i in range(3):
        ReferenceFactory.create(project=me.project, title=f"Participatory budgeting study {i}")
    login(page, live_server, me.user)
    page.goto(live_server.url + reverse("evidence:screen", kwargs={"project_id": me.project.public_id}))
    title = page.locator("#record-title").inner_text()
    # when they include a record, then press Undo
    page.get_by_role("button", name="Include").click()
    expect(page.get_by_text("You marked")).to_be_visible()
    axe_check(page)
    _shot(page, "screen-undo-360")
    page.get_by_role("button", name="Undo").click()
    # then the decision is undone and the record is offered again
    expect(page.get_by_text("has been undone")).to_be_visible()
    expect(page.locator("#record-title")).to_have_text(title)
    assert current_decisions(project=me.project) == {}
