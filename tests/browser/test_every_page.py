"""Every page of the app, opened in the browser at phone and desktop widths, passes axe-core.

The pages come from the permission matrix's URL list, so a new page is checked without a new test:
project pages as the project's lead, the create-project page as a site admin, and public pages signed out.
A page that looks different in each state of its record is opened in each (a job: waiting, running, done,
failed).

Each page at each width is a test of its own, so a failure names the page and the width (with a screenshot in
test-results/), and pytest-xdist spreads the pages over its workers. The pages read one world
(tests/permission_world.py), built and served once per worker by `site` below, and are opened one after
another in one browser tab, `tab`, as a person would, rather than each in a new browser.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

from coproduce.accounts.models import User
from coproduce.jobs.models import Job
from coproduce.projects.models import Project
from coproduce.reports.tests.job_states import report_job_states
from tests.browser.fixtures import axe_preload
from tests.permission_world import World, build_world
from tests.test_permission_matrix import RULES

pytestmark = pytest.mark.browser

WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
PAGES = sorted(name for name, rule in RULES.items() if rule.method == "GET")
JOB_STATES = ["waiting", "running", "done", "failed"]
# Some GET URLs are downloads (CSV, XLSX, JSON, PDF, the report as an HTML file) rather than pages. Most of
# the URL list is pages: if far fewer were, the test that tells them apart would have stopped working.
FEWEST_PAGES = 150
SCREENSHOTS = Path("test-results") / "every-page"


@dataclass
class Site:
    world: World
    server: LiveServer

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[Site]:
    """The permission world, saved, and a live server showing it, for all the tests in this module that the
    worker runs. Every table is emptied afterwards, as after any test that saves its data."""
    with django_db_blocker.unblock():
        try:
            world = build_world()
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            try:
                yield Site(world=world, server=server)
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            for alias in connections:
                call_command("flush", verbosity=0, interactive=False, database=alias)


@pytest.fixture
def db(site: Site, django_db_blocker) -> Iterator[None]:
    """Database access for this module's tests: the saved world of `site`, open to the test and to the live
    server's thread while the test runs, and left as it is after it (pytest-django's own `db` would put each
    test in a transaction the live server cannot see). Named `db` so that pytest-django sets up the test
    database for these tests."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def site_db(site: Site, db: None) -> Site:
    """The site, with its database open to the test."""
    return site


@pytest.fixture(scope="module")
def tab(site: Site, browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    """One browser tab for all the tests in this module that the worker runs, closed before the site's live
    server stops. Every page it opens has axe-core loaded already, for `axe_check`."""
    context = browser.new_context(**browser_context_args)
    axe_preload(context)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def open_as(tab: Page, site_db: Site) -> Callable[[User | None, str], Page]:
    """open_as(user or None, width) -> the tab, signed in as `user` (signed out for None), at that width."""

    def prepare(user: User | None, width: str) -> Page:
        tab.context.clear_cookies()
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            tab.context.add_cookies([{"name": "sessionid", "value": cookie, "url": site_db.url}])
        tab.set_viewport_size(WIDTHS[width])
        return tab

    return prepare


def _axe_check_with_screenshot(axe_check, page: Page, name: str) -> None:
    try:
        axe_check(page)
    except pytest.fail.Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name.replace(':', '-')}.png", full_page=True)
        raise


def _visitor(world: World, need: str) -> User | None:
    if need in {"public", "invitee"}:
        return None
    return world.users["site_admin_outsider" if need == "site_admin" else "lead"]


def _is_download(headers: dict[str, str]) -> bool:
    html = headers.get("content-type", "").startswith("text/html")
    return not html or "attachment" in headers.get("content-disposition", "")


@pytest.fixture(scope="module")
def downloads(site: Site) -> dict[str, bool]:
    """Whether each URL, by name, answers with a download rather than a page, as the worker finds out: a URL
    gives the same kind of answer at every width and in every test, so it is requested for its headers once,
    not once per width and again in the test that counts the pages."""
    return {}


def _is_download_url(downloads: dict[str, bool], page: Page, site: Site, name: str) -> bool:
    if name not in downloads:
        url = site.url + reverse(name, kwargs=site.world.kwargs_for(name))
        downloads[name] = _is_download(page.request.get(url).headers)
    return downloads[name]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_axe(open_as, site_db: Site, downloads, axe_check, name, width, settings):
    settings.MAIL_OUTBOX = True  # the demo's mail outbox pages are among the pages
    # given one project with one of everything, and a window of the given width
    world = site_db.world
    # when the page is opened by someone allowed to see it
    page = open_as(_visitor(world, RULES[name].need), width)
    if _is_download_url(downloads, page, site_db, name):
        pytest.skip("a download (CSV, XLSX, JSON, PDF, the report as an HTML file), not a page")
    page.goto(site_db.url + reverse(name, kwargs=world.kwargs_for(name)))
    # then axe finds no serious or critical problem
    _axe_check_with_screenshot(axe_check, page, f"{name}-{width}")


def test_most_urls_are_pages_that_the_axe_test_opens(open_as, site_db: Site, downloads, settings):
    settings.MAIL_OUTBOX = True
    # given one project with one of everything
    world = site_db.world
    pages = []
    for name in PAGES:
        # when each URL is opened by someone allowed to see it (or was, by the axe test on this worker)
        page = open_as(_visitor(world, RULES[name].need), "desktop")
        # then most are pages, which the axe test checks, rather than downloads, which it leaves out
        if not _is_download_url(downloads, page, site_db, name):
            pages.append(name)
    assert len(pages) >= FEWEST_PAGES, pages


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("state", JOB_STATES)
def test_a_job_page_in_every_state_passes_axe(open_as, site_db: Site, axe_check, state, width):
    # given a report build waiting, running, done and failed, and a window of the given width
    lead = site_db.world.users["lead"]
    project = Project.objects.get(public_id=site_db.world.values["project_id"])
    jobs = report_job_states(project=project, by=lead)
    try:
        page = open_as(lead, width)
        # when the lead opens the job's page
        kwargs = {"project_id": project.public_id, "job_id": jobs[state].public_id}
        page.goto(site_db.url + reverse("jobs:job_detail", kwargs=kwargs))
        # then axe finds no serious or critical problem
        assert page.locator("#job-status").is_visible(), state
        _axe_check_with_screenshot(axe_check, page, f"job-{state}-{width}")
    finally:  # the other pages are checked with the world as built
        Job.objects.filter(pk__in=[job.pk for job in jobs.values()]).delete()
