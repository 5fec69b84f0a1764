"""Pages reached only by a form: the merge confirmation and the import report, at phone and desktop widths."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.analysis.refi_qda import write_qdc
from coproduce.analysis.selectors.exchange import codebook_to_refi
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory
from tests.browser.signin import login

from .codebook_fixtures import transcript_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_merge_confirmation_and_import_report_pass_axe(page: Page, live_server, axe_check, width, tmp_path):
    # given a lead with two codes, one of them applied once
    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    trust = code_create(project=project, by=lead, name="Trust", colour="#00703c")
    funding = code_create(project=project, by=lead, name="Funding")
    coding_create(transcript=transcript_for(project), code=funding, by=lead, start=0, end=11)
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server, lead)

    # when the lead chooses to merge Funding into Trust
    page.goto(live_server.url + reverse(
        "analysis:code_merge", kwargs={"project_id": project.public_id, "code_id": funding.public_id}
    ))  # fmt: skip
    page.get_by_label("Merge it into").select_option(str(trust.public_id))
    page.get_by_role("button", name="Continue").click()

    # then a confirmation page says what will happen
    expect(page.get_by_role("heading", name="Merge Funding into Trust?")).to_be_visible()
    axe_check(page)

    # and an imported codebook shows its report
    file = tmp_path / "book.qdc"
    file.write_bytes(write_qdc(codebook_to_refi(codes=[trust])).replace(b'name="Trust"', b'name="Ties"'))
    page.goto(live_server.url + reverse("analysis:exchange_import", kwargs={"project_id": project.public_id}))
    page.get_by_label("REFI-QDA file").set_input_files(str(file))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Codebook imported: 1 new code")).to_be_visible()  # the job's page
    axe_check(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Codebook imported")).to_be_visible()
    axe_check(page)
