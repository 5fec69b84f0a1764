"""The results pages in a browser: axe at phone and desktop widths with real results, and the carry form by
keyboard."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory
from coproduce.workshops.models import Activity
from tests.browser.signin import login

from .factories import WorkshopFactory
from .test_results_data import results_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 800},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.mark.parametrize("width", WIDTHS)
def test_results_pages_pass_axe_with_results(page: Page, live_server, axe_check, width):
    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    world = results_world(project)
    login(page, live_server, lead)
    page.set_viewport_size(WIDTHS[width])
    ids = {"project_id": project.public_id, "workshop_id": world.workshop.public_id}
    series = {"project_id": project.public_id, "series_id": world.workshop.series.public_id}
    for url in [
        reverse("workshops:workshop_results", kwargs=ids),
        reverse("workshops:workshop_summary", kwargs=ids),
        reverse("workshops:series_results", kwargs=series),
    ]:
        page.goto(live_server.url + url)
        expect(page.locator("h1")).to_be_visible()
        axe_check(page)


def test_carry_forward_by_keyboard(page: Page, live_server):
    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    world = results_world(project)
    later = WorkshopFactory(
        series=world.workshop.series, starts_at=world.workshop.starts_at + dt.timedelta(days=30)
    )
    login(page, live_server, lead)
    ids = {"project_id": project.public_id, "workshop_id": world.workshop.public_id}
    page.goto(live_server.url + reverse("workshops:workshop_results", kwargs=ids))
    select = page.locator(f"#carry-{world.statements.public_id}")
    select.focus()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Carry forward as a draft")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: str(later.public_id) in url)
    assert Activity.objects.filter(workshop=later, carried_from=world.statements).exists()
