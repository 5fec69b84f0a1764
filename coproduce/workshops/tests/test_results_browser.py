"""The results pages in a browser: axe at phone and desktop widths with real results, the carry form by
keyboard, and results that appear once they are worked out."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory
from coproduce.workshops.models import Activity, ActivityState
from coproduce.workshops.tasks import activity_result_compute
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


def _run_tasks(*activity_ids):
    try:
        for activity_id in activity_ids:
            activity_result_compute.call(activity_id)
    finally:
        connections.close_all()


def test_results_page_says_they_are_being_worked_out_then_shows_them(
    page: Page, live_server, axe_check, monkeypatch
):
    # given two activities closed before their results were stored, and a task worker that has not run
    monkeypatch.setattr("coproduce.workshops.services.snapshots._enqueue", lambda activity: lambda: None)
    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    world = results_world(project)
    for activity in (world.pairwise, world.statements):
        activity.state = ActivityState.CLOSED
        activity.save()
    login(page, live_server, lead)
    page.set_viewport_size(WIDTHS["phone"])
    ids = {"project_id": project.public_id, "workshop_id": world.workshop.public_id}
    page.goto(live_server.url + reverse("workshops:workshop_results", kwargs=ids))
    # then the page says so, in plain English, for each
    expect(page.get_by_text("Results are being worked out")).to_have_count(2)
    axe_check(page)
    # when the task runs (in a thread of its own, as a worker would), then each section shows its results
    # without a reload
    worker = threading.Thread(target=_run_tasks, args=(world.pairwise.pk, world.statements.pk))
    worker.start()
    worker.join()
    expect(page.get_by_role("columnheader", name="Range (95%)")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("Results are being worked out")).to_have_count(0, timeout=10_000)
    expect(page.get_by_role("heading", name="Opinion groups")).to_be_visible()
