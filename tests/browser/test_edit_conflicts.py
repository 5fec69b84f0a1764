"""Pages that edit answers, settings or several rows refusing a stale save in the browser (phone, desktop).

The page is opened in the browser; someone else then saves it (through the test client, as in
tests/test_edit_conflicts.py); the browser's save is refused with each difference shown, and the page
passes axe. Set EDIT_CONFLICT_SCREENSHOTS to a folder to look at the pages by eye.
"""

import os

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize

from coproduce.core.versions import CONFLICT
from coproduce.projects.models import Project
from coproduce.projects.tests.factories import MembershipFactory
from tests.permission_world import build_world
from tests.test_edit_conflicts import CHANGE, EDITABLE_RECORD, OWN_ROWS, _edit_form, _with_change

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("EDIT_CONFLICT_SCREENSHOTS", "")
WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
PAGES = [
    "analysis:priority_scores",
    "extraction:appraise",
    "extraction:extract",
    "interviews:transcript_speakers",
    "people:sampling",
    "reports:publication_settings",
    "workshops:attendance",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_a_stale_save_is_refused_and_shows_the_differences(page: Page, live_server, axe_check, name, width):
    # given the page open in the browser of a lead
    world = build_world()
    lead = world.users["lead"]
    kwargs = world.kwargs_for(name) | (EDITABLE_RECORD[name](world) if name in EDITABLE_RECORD else {})
    url = reverse(name, kwargs=kwargs)
    page.set_viewport_size(WIDTHS[width])
    login(page, live_server, lead)
    page.goto(live_server.url + url)
    # when someone else (or the lead, in another tab, for their own rows) saves a change first
    other = Client()
    project = Project.objects.get(public_id=world.values["project_id"])
    other.force_login(lead if name in OWN_ROWS else MembershipFactory(project=project).user)
    data, _ = CHANGE.get(name, _with_change)(_edit_form(other.get(url).content.decode()), "(first)")
    assert other.post(url, data).status_code == 302
    # and the browser saves the form it opened before
    form = page.locator("form:has(input[name$='version'])")
    form.locator("button[type='submit'], input[type='submit']").last.click()
    page.wait_for_load_state()
    # then the save is refused, the differences are shown, and the page passes axe
    assert CONFLICT in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("#edit-conflict").is_visible()
    axe_check(page)
    if SCREENSHOTS:
        page.screenshot(
            path=os.path.join(SCREENSHOTS, f"{name.replace(':', '-')}-{width}.png"), full_page=True
        )
