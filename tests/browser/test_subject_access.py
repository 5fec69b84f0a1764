"""The subject-access download in a real browser: the lead downloads the ZIP from the person's consent page,
and the readable summary inside it opens as an accessible page that shows the person's words as text."""

import io
import os
import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.personal_data_world import Words, person_with_everything

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("SUBJECT_ACCESS_SCREENSHOTS", "")  # a folder, to look at the pages by eye
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1200, "height": 900}}
ZEB = Words("ZEBEDEE")


def _check(page: Page, axe_check, name: str) -> None:
    for size, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        axe_check(page)
        if SCREENSHOTS:
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{size}.png"), full_page=True)


def test_subject_access_zip_downloads_and_its_summary_reads_well(
    page: Page, live_server, project, lead, axe_check
):
    # given a person with data in every part of coproduce, and their lead signed in on their consent page
    person = person_with_everything(project=project, lead=lead, name="Zebedee Oyelaran", marker=ZEB.marker)
    login(page, live_server, lead)
    page.goto(
        live_server.url
        + reverse(
            "consent:stakeholder_consent", kwargs={"project_id": project.public_id, "code": person.code}
        )
    )
    _check(page, axe_check, "consent-page")

    # when the lead downloads everything held about them
    with page.expect_download() as info:
        page.get_by_role("button", name="Download everything we hold (ZIP)").click()
    download = info.value
    assert download.suggested_filename == f"{person.code}-subject-access.zip"
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        summary = archive.read(f"{person.code}-subject-access.html").decode()

    # then the summary opens as a readable page, with their own words shown as text, not markup
    page.set_content(summary)
    expect(page.get_by_role("heading", level=1)).to_have_text("What we hold about you")
    expect(page.get_by_role("heading", level=2, name="Your interviews", exact=True)).to_be_visible()
    expect(page.locator("blockquote").filter(has_text=ZEB.card)).to_have_text(ZEB.card)
    expect(page.locator("blockquote b")).to_have_count(0)
    _check(page, axe_check, "subject-access-summary")
