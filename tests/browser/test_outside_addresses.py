"""What people see when the server will not fetch an address: a web address on this server's own network,
and a picture in Markdown, which is shown as a link."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.evidence.models import Reference
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES: list[ViewportSize] = [{"width": 1280, "height": 900}, {"width": 360, "height": 800}]


def test_a_web_address_on_this_servers_network_is_refused_with_a_reason(
    page: Page, live_server, axe_check, tmp_path
):
    # given a lead on the page for adding a record
    membership = MembershipFactory.create(role=ProjectRole.LEAD)
    login(page, live_server, membership.user)
    add = live_server.url + reverse(
        "evidence:reference_create", kwargs={"project_id": membership.project.public_id}
    )
    for size in SIZES:
        page.set_viewport_size(size)
        page.goto(add)
        # when they give this server's own address and no title
        page.get_by_label("Web address (URL)").fill(f"{live_server.url}/admin/")
        page.get_by_role("button", name="Add record").click()
        # then the form says why it was not read, keeps the address and adds nothing
        expect(page.locator(".govuk-error-summary")).to_contain_text("it points to this server itself")
        expect(page.get_by_label("Web address (URL)")).to_have_value(f"{live_server.url}/admin/")
        axe_check(page)
        page.screenshot(path=tmp_path / f"refused-{size['width']}.png", full_page=True)
    assert not Reference.objects.exists()


def test_a_picture_in_a_narrative_is_a_link(page: Page, live_server, axe_check, tmp_path):
    # given an element whose narrative shows a picture from elsewhere
    membership = MembershipFactory.create(role=ProjectRole.LEAD)
    framework = framework_create(project=membership.project, by=membership.user, title="Early help together")
    narrative = "Where the hubs are: ![Map of the family hubs](https://maps.brookvale.example/hubs.png)"
    element = element_create(
        framework=framework, by=membership.user, title="Trust first", level="cultural", narrative=narrative
    )
    login(page, live_server, membership.user)
    kwargs = {
        "project_id": membership.project.public_id,
        "framework_id": framework.public_id,
        "element_id": element.public_id,
    }
    for size in SIZES:
        page.set_viewport_size(size)
        # when they open the element, then the picture is a link with its address, and no picture is loaded
        page.goto(live_server.url + reverse("frameworks:element_detail", kwargs=kwargs))
        link = page.get_by_role(
            "link", name="Picture: Map of the family hubs (https://maps.brookvale.example/hubs.png)"
        )
        expect(link).to_have_attribute("href", "https://maps.brookvale.example/hubs.png")
        expect(page.locator(".app-prose img")).to_have_count(0)
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= size["width"]  # the address wraps on a phone
        axe_check(page)
        page.screenshot(path=tmp_path / f"picture-{size['width']}.png", full_page=True)
