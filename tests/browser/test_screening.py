"""Screening titles and abstracts by keyboard alone (one key a decision, a number for the reason, the
shortcuts turned off), highlighted terms, with axe on the screening page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.evidence.models import CriterionKind, Decision, ScreeningDecision
from coproduce.evidence.services.highlights import highlight_terms_set
from coproduce.evidence.services.screening import criterion_create, dual_screening_set, reference_screen
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


def _keyboard_project(reasons: bool = True):
    """A researcher, eight records about youth services, two reasons to exclude and highlight terms."""
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project = membership.project
    lead = MembershipFactory.create(project=project, role=ProjectRole.LEAD).user
    for i in range(8):
        ReferenceFactory.create(
            project=project,
            title=f"Children's youth services in council {i}",
            abstract=f"How councils fund youth services for young people, and rodent control {i}.",
        )
    for label in ("Not local government", "Not about young people") if reasons else ():
        criterion_create(project=project, kind=CriterionKind.EXCLUDE, label=label, description="", by=lead)
    highlight_terms_set(project=project, relevant=["child*", "young people"], irrelevant=["rodent*"], by=lead)
    return membership


def _screen(page: Page, live_server, project) -> None:
    page.goto(live_server.url + reverse("evidence:screen", kwargs={"project_id": project.public_id}))


def _press_and_wait(page: Page, key: str) -> None:
    """Press a decision key and wait for the next record's page."""
    title = page.locator("#record-title").inner_text()
    page.keyboard.press(key)
    expect(page.locator("#record-title")).not_to_have_text(title)
    page.wait_for_load_state()


def _decisions() -> list[tuple[str, str]]:
    rows = ScreeningDecision.objects.order_by("id").select_related("reason")
    return [(row.decision, row.reason.label if row.reason else "") for row in rows]


def test_one_key_decides_and_a_number_after_exclude_gives_the_reason(page: Page, live_server, axe_check):
    membership = _keyboard_project()
    login(page, live_server, membership.user)
    _screen(page, live_server, membership.project)
    # then the first Tab reaches the Include button, not the note box
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Include")).to_be_focused()
    # when the researcher presses I, then E
    _press_and_wait(page, "i")
    excluded_title = page.locator("#record-title").inner_text()
    _press_and_wait(page, "e")
    # then both are saved at once, the exclusion without a reason, and the page offers the reasons by number
    assert _decisions() == [("include", ""), ("exclude", "")]
    panel = page.locator("#reason-form")
    expect(panel).to_contain_text(f"You excluded “{excluded_title}” without a reason.")
    expect(panel).to_contain_text("Add a reason (optional)")
    expect(page.get_by_role("button", name="2 Not about young people")).to_have_attribute(
        "aria-keyshortcuts", "2"
    )
    shown = page.locator("#record-title").inner_text()
    axe_check(page)
    # when they press 2, then the exclusion gets that reason and the same record waits for a decision
    page.keyboard.press("2")
    expect(panel).to_contain_text("because: Not about young people")
    page.wait_for_load_state()
    expect(page.locator("#reason-status")).to_have_text("Reason recorded: Not about young people")
    assert "reason=added" not in page.url  # said once, not again on a reload
    assert _decisions()[-1] == ("exclude", "Not about young people")
    expect(page.locator("#record-title")).to_have_text(shown)
    page.keyboard.press("Tab")  # past the reasons, which come before the record
    expect(page.get_by_role("button", name="Include")).to_be_focused()
    # when they type "e" and "m" in the note box, then they are letters, and nothing is decided
    page.get_by_label("Note (optional)").press_sequentially("em")
    expect(page.get_by_label("Note (optional)")).to_have_value("em")
    assert len(_decisions()) == 3
    # and the note is saved with the decision they then choose
    page.get_by_role("button", name="Maybe").click()
    expect(page.locator("#record-title")).not_to_have_text(shown)
    assert ScreeningDecision.objects.latest("id").note == "em"


def test_highlighted_terms_and_shortcuts_at_desktop_and_phone_widths(page: Page, live_server, axe_check):
    membership = _keyboard_project()
    project = membership.project
    reference_screen(reference=project.references.first(), decision=Decision.EXCLUDE, by=membership.user)
    login(page, live_server, membership.user)
    for width, height in ((1280, 900), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        _screen(page, live_server, project)
        # then the terms are marked in the title and abstract, each kind in its own way
        expect(page.locator("#record-title mark.app-hl--relevant")).to_have_text("Children")
        expect(page.locator("#record mark.app-hl--relevant").last).to_have_text("young people")
        expect(page.locator("#record mark.app-hl--irrelevant")).to_have_text("rodent")
        expect(page.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()
        page.screenshot(path=f"test-results/screening-keys-{width}.png", full_page=True)
        axe_check(page)


def test_shortcuts_can_be_turned_off_and_stay_off(page: Page, live_server, axe_check):
    membership = _keyboard_project(reasons=False)
    login(page, live_server, membership.user)
    _screen(page, live_server, membership.project)
    # when the researcher turns the shortcuts off
    switch = page.get_by_label("Use keyboard shortcuts on this page")
    switch.uncheck()
    expect(page.get_by_text("They are off: use the buttons.")).to_be_visible()
    expect(page.get_by_role("button", name="Include")).not_to_have_attribute("aria-keyshortcuts", "i")
    axe_check(page)
    # then I does nothing, and a click still decides
    page.keyboard.press("i")
    page.get_by_role("button", name="Exclude").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Screened 1 of 8 records")).to_be_visible()
    # and the next page remembers the choice: M does nothing either
    expect(switch).not_to_be_checked()
    page.keyboard.press("m")
    page.get_by_role("button", name="Include").click()
    expect(page.get_by_text("Screened 2 of 8 records")).to_be_visible()
    assert _decisions() == [("exclude", ""), ("include", "")]
    # when they turn them on again, then M decides
    switch.check()
    _press_and_wait(page, "m")
    assert _decisions() == [("exclude", ""), ("include", ""), ("maybe", "")]


def test_lead_sets_highlighted_terms_on_their_page(page: Page, live_server, axe_check):
    # given a lead and a record
    membership = MembershipFactory.create(role=ProjectRole.LEAD)
    project = membership.project
    ReferenceFactory.create(project=project, title="Childhood in care", abstract="Mice and young people.")
    login(page, live_server, membership.user)
    page.set_viewport_size({"width": 360, "height": 740})
    _screen(page, live_server, project)
    # when they follow the link from the screening page and enter terms, one with a misplaced *
    page.get_by_role("link", name="Change highlighted terms").click()
    relevant = page.get_by_label("Terms that suggest a record is relevant")
    relevant.fill("child*\nyoung people\n<script>")
    page.get_by_label("Terms that suggest a record is not relevant").fill("mi*ce")
    page.get_by_role("button", name="Save").click()
    # then the page says what is wrong and keeps what they typed
    expect(page.get_by_role("link", name=re.compile("has a \\* that is not at the end"))).to_be_visible()
    expect(relevant).to_have_value("child*\nyoung people\n<script>")
    page.screenshot(path="test-results/highlight-settings-360.png", full_page=True)
    axe_check(page)
    # when they put it right, then the screening page marks the terms
    page.get_by_label("Terms that suggest a record is not relevant").fill("mice")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#record-title mark.app-hl--relevant")).to_have_text("Childhood")
    expect(page.locator("#record mark.app-hl--irrelevant")).to_have_text("Mice")
    expect(page.locator("#highlight-legend")).to_contain_text("child*, young people, <script>")


def test_stopping_rule_figures_read_well_at_360_px(page: Page, live_server, axe_check):
    # given a lead who has screened 30 of 40 records: 4 relevant first, then 26 irrelevant
    membership = MembershipFactory.create(role=ProjectRole.LEAD)
    project = membership.project
    records = [ReferenceFactory.create(project=project, title=f"Council study {i}") for i in range(40)]
    for i, record in enumerate(records[:30]):
        decision = Decision.INCLUDE if i < 4 else Decision.EXCLUDE
        reference_screen(reference=record, decision=decision, by=membership.user)
    login(page, live_server, membership.user)
    for name in ("screen", "screening_stop"):
        for width in (360, 1024):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server.url + reverse(f"evidence:{name}", kwargs={"project_id": project.public_id}))
            # then the target recall, the confidence and the estimated recall are shown, and pass axe
            figures = page.locator("#stopping-figures")
            expect(figures).to_contain_text("Target recall")
            expect(figures).to_contain_text("95% of the relevant records")
            expect(figures).to_contain_text("Estimated recall so far")
            axe_check(page)
