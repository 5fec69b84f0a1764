"""The workshops section in a real browser, on the team's report page and in the HTML download, on a phone
and a desktop: readable, nothing wider than the screen, and accessible."""

import threading

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.reports.exports.html_writer import report_html
from coproduce.reports.selectors.document import report_document
from tests.browser.signin import login

from .test_browser import WIDTHS
from .workshop_data import workshops_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _built(project) -> None:
    """The workshops, made in a thread of their own: storing a result tells the screens, which cannot be
    done from the browser's event loop."""

    def build() -> None:
        try:
            workshops_build(project)
        finally:
            connections.close_all()

    worker = threading.Thread(target=build)
    worker.start()
    worker.join()


def _section_seen(page: Page, *, common: str) -> None:
    section = page.locator("#section-workshops")
    expect(section.get_by_role("heading", name="Brookvale workshop")).to_be_visible()
    expect(section.get_by_role("heading", name="Where do we stand? (statements)", level=4)).to_be_visible()
    expect(section.get_by_role("table").filter(has_text="Common ground in")).to_contain_text(common)
    expect(section.get_by_role("table").filter(has_text="Clusters by dots")).to_contain_text("Trust")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_team_reads_the_workshop_results_on_the_report_page(
    page: Page, live_server, axe_check, project, lead, width
):
    _built(project)
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    login(page, live_server, lead)

    page.goto(live_server.url + reverse("reports:report_page", kwargs={"project_id": project.public_id}))

    _section_seen(page, common="100% (3 of 3)")  # the team sees the small group's figures
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    axe_check(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_downloaded_html_shows_the_workshop_results(page: Page, axe_check, project, width):
    _built(project)
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]

    page.set_content(report_html(document=report_document(project=project)))

    _section_seen(page, common="fewer than 5 voted")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    axe_check(page)
