"""Every page of the app, opened in the browser at phone and desktop widths, passes axe-core.

The pages come from the permission matrix's URL list, so a new page is checked without a new test:
project pages as the project's lead, the create-project page as a site admin, and public pages signed out.
A page that looks different in each state of its record is opened in each (a job: waiting, running, done,
failed).
"""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize

from coproduce.projects.models import Project
from coproduce.reports.tests.job_states import report_job_states
from tests.permission_world import build_world
from tests.test_permission_matrix import RULES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
PAGES = sorted(name for name, rule in RULES.items() if rule.method == "GET")


def _sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def _visitor(world, need: str):
    if need in {"public", "invitee"}:
        return None
    return world.users["site_admin_outsider" if need == "site_admin" else "lead"]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe(page: Page, live_server, axe_check, width, settings):
    settings.MAIL_OUTBOX = True  # the demo's mail outbox pages are among the pages
    # given one project with one of everything, and a window of the given width
    world = build_world()
    page.set_viewport_size(WIDTHS[width])
    checked = []
    for name in PAGES:
        # when each page is opened by someone allowed to see it
        page.context.clear_cookies()
        if (user := _visitor(world, RULES[name].need)) is not None:
            _sign_in(page, live_server, user)
        url = live_server.url + reverse(name, kwargs=world.kwargs_for(name))
        headers = page.request.get(url).headers
        if not headers.get("content-type", "").startswith("text/html") or "attachment" in headers.get(
            "content-disposition", ""
        ):
            continue  # a download (CSV, XLSX, JSON, the report as an HTML file)
        page.goto(url)
        # then axe finds no serious or critical problem
        axe_check(page)
        checked.append(name)
    assert len(checked) >= 35, checked


@pytest.mark.parametrize("width", WIDTHS)
def test_a_job_page_in_every_state_passes_axe(page: Page, live_server, axe_check, width):
    # given a report build waiting, running, done and failed, and a window of the given width
    world = build_world()
    lead = world.users["lead"]
    project = Project.objects.get(public_id=world.values["project_id"])
    jobs = report_job_states(project=project, by=lead)
    page.set_viewport_size(WIDTHS[width])
    _sign_in(page, live_server, lead)
    for state, job in jobs.items():
        # when the lead opens the job's page
        kwargs = {"project_id": project.public_id, "job_id": job.public_id}
        page.goto(live_server.url + reverse("jobs:job_detail", kwargs=kwargs))
        # then axe finds no serious or critical problem
        assert page.locator("#job-status").is_visible(), state
        axe_check(page)
