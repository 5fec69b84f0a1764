"""Uploads that are refused say why on the page, change nothing, and the page passes axe on a phone and a
desktop: a Word file that would unzip to 300 MB, and a PDF when the file store cannot be written to."""

import os
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.core.tests.zip_bombs import word_bomb
from coproduce.evidence.models import Decision, FullText
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.interviews.models import Transcript
from coproduce.interviews.services.interviews import interview_create
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES: list[ViewportSize] = [{"width": 360, "height": 800}, {"width": 1280, "height": 900}]
SHOTS = os.environ.get("SCREENSHOT_DIR")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def _upload_refused(
    page: Page, live_server, axe_check, *, user, url: str, upload: Path, message: str
) -> None:
    """Sign in, send `upload` through the page's one file field, and expect `message` in the error summary,
    with the page passing axe."""
    login(page, live_server, user)
    page.goto(live_server.url + url)
    page.locator("input[type=file]").set_input_files(upload)
    page.locator("form[enctype] button").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    axe_check(page)
    if SHOTS:
        name = f"{upload.stem}-{page.viewport_size['width'] if page.viewport_size else 0}.png"
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_a_word_file_that_unzips_to_300_mb_is_refused_on_the_page(
    page: Page, live_server, axe_check, tmp_path, size
):
    # given a lead on the transcript page of an interview with consent
    membership = MembershipFactory.create(role=ProjectRole.LEAD)
    person = StakeholderFactory(project=membership.project, code="P07")
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.INTERVIEW], kind=ConsentKind.GIVEN,
        method=ConsentMethod.VERBAL, by=membership.user,
    )  # fmt: skip
    interview = interview_create(
        project=membership.project, by=membership.user, stakeholder=person, scheduled_for=timezone.now()
    )
    bomb = tmp_path / "transcript-bomb.docx"
    bomb.write_bytes(word_bomb(300))
    page.set_viewport_size(size)
    kwargs = {"project_id": membership.project.public_id, "interview_id": interview.public_id}

    # when the file is uploaded, then the error summary names the limit, and no transcript is stored
    _upload_refused(
        page, live_server, axe_check, user=membership.user, upload=bomb,
        url=reverse("interviews:transcript_upload", kwargs=kwargs),
        message="The file expands to more than 50 MB when unzipped",
    )  # fmt: skip
    assert not Transcript.objects.exists()


@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_a_pdf_that_cannot_be_stored_is_refused_on_the_page(
    page: Page, live_server, axe_check, tmp_path, monkeypatch, size
):
    # given a screener attaching a full text while the file store refuses writes
    membership = MembershipFactory.create(role=ProjectRole.LEAD)
    record = ReferenceFactory(project=membership.project, title="Co-production in Northtown")
    reference_screen(reference=record, decision=Decision.INCLUDE, by=membership.user)

    def refuse(self, name, content):
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    pdf = tmp_path / "fulltext-read-only.pdf"
    pdf.write_bytes(PDF)
    page.set_viewport_size(size)
    kwargs = {"project_id": membership.project.public_id, "record_id": record.pk}

    # when the PDF is attached, then the page says the file could not be saved, and nothing is stored
    _upload_refused(
        page, live_server, axe_check, user=membership.user, upload=pdf,
        url=reverse("evidence:fulltext_attach", kwargs=kwargs),
        message="could not be saved because the file store cannot be written to",
    )  # fmt: skip
    assert not FullText.objects.exists()
