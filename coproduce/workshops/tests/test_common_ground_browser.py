"""The common ground on the results page, the report's summary and the projector's reveal, in a browser at
phone and desktop widths: axe stays clean and nothing is wider than the screen but the scrolling tables."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory
from coproduce.workshops.models import ActivityState, Workshop
from tests.browser.fixtures import in_thread
from tests.browser.signin import login

from .test_common_ground import common_ground_world
from .test_results_browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world_revealed(project):
    """The workshop, built in a thread of its own as a worker would (its result is stored and told to the
    screens, which cannot be done from the browser's thread), with its statements revealed."""

    def build() -> Workshop:
        workshop = common_ground_world(series__project=project)
        activity = workshop.activities.get()
        activity.state = ActivityState.REVEALED
        activity.save()
        return workshop

    return in_thread(build)


@pytest.mark.parametrize("width", WIDTHS)
def test_common_ground_pages_pass_axe(page: Page, live_server, axe_check, width):
    lead = MembershipFactory(project=ProjectFactory(), role=ProjectRole.LEAD)
    workshop = _world_revealed(lead.project)
    page.set_viewport_size(WIDTHS[width])
    login(page, live_server, lead.user)
    for name in ("workshops:workshop_results", "workshops:workshop_summary", "workshops:projector"):
        url = reverse(name, kwargs={"project_id": lead.project.public_id, "workshop_id": workshop.public_id})
        page.goto(live_server.url + url)
        rule = page.get_by_text("more than 60% of every opinion group and every sector agreed")
        expect(rule.first).to_be_visible()
        axe_check(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than the screen"
