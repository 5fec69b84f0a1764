"""The import preview: how many records will be imported and which cannot be used, before anything is written;
"Cancel" leaves nothing behind."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.evidence.models import ImportBatch, PendingImport, Reference
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Fictional records: two usable, and two with nothing to name them by.
RIS = (
    "TY  - JOUR\nTI  - Ward forums in Brookvale\nAU  - Quillfeather, Ffion\nPY  - 2020\nER  - \n\n"
    "TY  - RPRT\nAU  - Ashdown, Remi\nPY  - 2021\nT2  - Brookvale Council papers\nER  - \n\n"
    "TY  - JOUR\nAB  - A study of food banks run by charities and the council.\nPY  - 2019\nER  - \n\n"
    "TY  - JOUR\nPY  - 2018\nUR  - https://example.org/minutes/2018-04\nER  - \n"
)


def _upload(page: Page, live_server, tmp_path: Path, width: int) -> None:
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, membership.user)
    page.goto(
        live_server.url
        + reverse("evidence:import_upload", kwargs={"project_id": membership.project.public_id})
    )
    page.get_by_label("Which search did the file come from?").select_option("none")
    path = tmp_path / "council-search.ris"
    path.write_text(RIS, encoding="utf-8")
    page.get_by_label("File of records").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_preview_lists_what_cannot_be_used_and_imports_the_rest_on_confirmation(
    page: Page, live_server, axe_check, tmp_path, width
):
    # when a file with two unusable records is uploaded
    _upload(page, live_server, tmp_path, width)
    # then the preview says how many will be imported and lists the others, with nothing written yet
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_text("2 of the 4 records in the file will be imported")).to_be_visible()
    expect(page.get_by_role("heading", name="2 records cannot be used")).to_be_visible()
    table = page.get_by_role("table", name="Records that cannot be used")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table).to_contain_text("Line 7")
    expect(table).to_contain_text("Ashdown, Remi, 2021, Brookvale Council papers")
    expect(table).to_contain_text("2018, https://example.org/minutes/2018-04")
    axe_check(page)
    page.screenshot(path=str(tmp_path / f"import-preview-{width}.png"), full_page=True)
    assert not Reference.objects.exists() and not ImportBatch.objects.exists()
    # when they import the usable records
    page.get_by_role("button", name="Import the 2 usable records").click()
    # then the records page says what arrived and what was skipped
    expect(page.get_by_text("Imported 2 new records from council-search.ris")).to_be_visible()
    expect(page.get_by_text("2 records were skipped: no title, abstract or DOI.")).to_be_visible()
    assert Reference.objects.count() == 2 and ImportBatch.objects.get().records_skipped == 2


def test_cancel_on_the_preview_imports_nothing(page: Page, live_server, axe_check, tmp_path):
    _upload(page, live_server, tmp_path, 360)
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Nothing was imported from council-search.ris.")).to_be_visible()
    axe_check(page)
    assert not Reference.objects.exists() and not PendingImport.objects.exists()
