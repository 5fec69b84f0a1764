"""From evidence to outputs, as a researcher: build a framework element, link a theme to it, open its
evidence from the diagram, and download the report; every page axe clean."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.analysis.services.themes import theme_create
from coproduce.frameworks.models import EvidenceLink
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_an_element_link_evidence_and_download_the_report(page: Page, live_server, axe_check):
    membership = MembershipFactory(role=ProjectRole.RESEARCHER)
    project, researcher = membership.project, membership.user
    theme_create(project=project, by=researcher, name="Relationships before contracts")
    login(page, live_server, researcher)

    # a framework
    page.goto(
        live_server.url + reverse("frameworks:framework_list", kwargs={"project_id": project.public_id})
    )
    axe_check(page)
    page.get_by_role("link", name="Create a framework").click()
    page.get_by_label("Title").fill("Early help together")
    page.get_by_role("button", name="Save framework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Early help together")

    # an element, by keyboard in its form
    page.get_by_role("link", name="Add an element").click()
    axe_check(page)
    page.get_by_label("Title").fill("Trust before contracts")
    page.get_by_label("Cultural").check()
    page.get_by_label("Principle").check()
    page.get_by_label("VCFSE (voluntary, community, faith, social enterprise)").check()
    page.get_by_role("button", name="Save element").press("Enter")
    expect(page.get_by_text("The element has been added")).to_be_visible()

    # link a theme as its evidence
    page.get_by_label("Kind of evidence").select_option("theme")
    page.get_by_label("Words to look for").fill("relationships")
    page.get_by_role("button", name="Find evidence").click()
    axe_check(page)
    page.get_by_label("Why it supports it (optional)").fill("Every VCFSE interviewee said so")
    page.get_by_role("button", name="Link Relationships before contracts").click()
    expect(page.get_by_text("Theme linked")).to_be_visible()
    assert EvidenceLink.objects.get().note == "Every VCFSE interviewee said so"

    # the diagram opens the element's evidence row; the element page lists the theme
    page.get_by_role("link", name="Back to Early help together").click()
    axe_check(page)
    page.locator("a.app-framework-element").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("tr:target")).to_contain_text("Limited")

    # the report, downloaded as Word
    page.goto(live_server.url + reverse("reports:report_page", kwargs={"project_id": project.public_id}))
    axe_check(page)
    expect(page.get_by_role("heading", name="6. The framework")).to_be_visible()
    page.get_by_role("button", name="Make the report as a Word document").click()
    axe_check(page)  # the job's page, with the file made
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download .*\.docx$")).click()
    assert download.value.suggested_filename.endswith(".docx")
