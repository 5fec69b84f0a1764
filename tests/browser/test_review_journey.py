"""A researcher's evidence review: import a RIS file, screen ten records by keyboard, then see PRISMA."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.evidence.models import Decision
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 360, "height": 800}
TOPICS = [
    ("Councils working with charities on {}", "How a fictional council and local charities shared {}."),
    ("Rodent maze learning under {}", "Laboratory rats learned a water maze under {}."),
]
THEMES = ["youth services", "food banks", "housing advice", "social prescribing", "debt advice"]


def _ris_file(folder: Path) -> Path:
    """Thirty fictional records: half about councils and charities, half about rodent mazes."""
    records = []
    for i in range(30):
        title, abstract = TOPICS[i % 2]
        theme = f"{THEMES[i % len(THEMES)]} (study {i + 1})"
        records.append(
            f"TY  - JOUR\nTI  - {title.format(theme)}\nAU  - Example, Author {i + 1}\nPY  - 20{10 + i % 15}\n"
            f"AB  - {abstract.format(theme)}\nER  - \n"
        )
    path = folder / "journey-search.ris"
    path.write_text("\n".join(records), encoding="utf-8")
    return path


def _url(project, name: str) -> str:
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id})


def test_import_screen_and_see_prisma(page: Page, live_server, axe_check, tmp_path):
    # given a researcher signed in on a desktop-sized screen
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project = membership.project
    page.set_viewport_size(DESKTOP)
    login(page, live_server, membership.user)
    # when they import a RIS file of 30 records through the upload form
    page.goto(live_server.url + _url(project, "import_upload"))
    axe_check(page)
    page.get_by_label("Which search did the file come from?").select_option("none")
    page.get_by_label("File of records").set_input_files(_ris_file(tmp_path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import the 30 usable records").click()
    # then they see what was imported
    expect(page.get_by_text("Imported 30 new records from journey-search.ris")).to_be_visible()
    # when they screen ten records by keyboard
    page.goto(live_server.url + _url(project, "screen"))
    axe_check(page)
    for key in "ieiemieiei":
        title = page.locator("#record-title").inner_text()
        page.keyboard.press(key)
        expect(page.locator("#record-title")).not_to_have_text(title)
        page.wait_for_load_state()
    expect(page.get_by_text("Screened 10 of 30 records")).to_be_visible()
    # then the PRISMA diagram counts ten records screened, at desktop width and on a phone
    page.goto(live_server.url + _url(project, "prisma"))
    diagram = page.locator("svg.app-prisma")
    expect(diagram).to_be_visible()
    text = " ".join((diagram.text_content() or "").split())
    assert "Records screened on title and abstract (n = 10)" in text
    assert "Records identified (n = 30)" in text
    axe_check(page)
    page.set_viewport_size(PHONE)
    axe_check(page)


def test_lead_records_a_stop_from_the_screening_page(page: Page, live_server, axe_check):
    # given a lead whose team has screened four of six records
    membership = MembershipFactory.create(role=ProjectRole.LEAD, user__full_name="Alex Example")
    project = membership.project
    records = [ReferenceFactory.create(project=project, title=f"Council study {i}") for i in range(6)]
    for record, decision in zip(records, [Decision.INCLUDE, Decision.EXCLUDE] * 2, strict=False):
        reference_screen(reference=record, decision=decision, by=membership.user)
    page.set_viewport_size(DESKTOP)
    login(page, live_server, membership.user)
    # when they follow the link by the stopping rule and record why the team stopped
    page.goto(live_server.url + _url(project, "screen"))
    page.get_by_role("link", name="Record that the team stopped screening").click()
    expect(page.get_by_role("heading", name="Stop screening")).to_be_visible()
    axe_check(page)
    page.get_by_label("Why is the team making this decision?").fill("Time ran out for this rapid review.")
    page.get_by_role("button", name="Record that screening stopped").click()
    # then the screening page says so and still offers a record to screen
    expect(page.get_by_text("by Alex Example: Time ran out for this rapid review.")).to_be_visible()
    expect(page.locator("#record-title")).to_be_visible()
    axe_check(page)
