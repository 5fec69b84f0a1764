"""Removing or replacing a coded transcript in the browser: from the interview page, the confirmation page (or
the preview) lists what will be lost and passes axe at phone and desktop widths."""

import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.interviews.models import Transcript
from coproduce.interviews.tests.test_browser import both_widths
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from tests.browser.signin import login

from .test_codings import _span, make_transcript

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "coproduce-screenshots" / "transcript-removal"


def _coded():
    """A transcript with two codings by its researcher: "helps us every week" and "the council funds it"."""
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    transcript = make_transcript(membership.project)
    code = code_create(project=membership.project, by=membership.user, name="Support")
    for words in ("helps us every week", "the council funds it"):
        start, end = _span(transcript, words)
        coding_create(transcript=transcript, code=code, by=membership.user, start=start, end=end)
    return transcript, membership.user


def test_remove_a_coded_transcript_from_the_interview_page(page: Page, live_server, axe_check):
    # given a transcript with two codings by its researcher
    transcript, user = _coded()
    login(page, live_server, user)
    # when the researcher follows the link on the interview page
    page.goto(live_server.url + transcript.interview.get_absolute_url())
    page.get_by_role("link", name="Remove the transcript").click()
    # then the page says what will be lost
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove the transcript")
    expect(page.locator("#losses")).to_contain_text("2 codings by 1 coder")
    both_widths(page, axe_check, "confirm", SHOTS)
    # and confirming removes it, back on the interview page that offers an import again
    page.get_by_role("button", name="Remove the transcript").click()
    expect(page.get_by_role("link", name="Import a transcript")).to_be_visible()
    assert not Transcript.objects.exists()
    kwargs = {
        "project_id": transcript.interview.project.public_id,
        "interview_id": transcript.interview.public_id,
    }
    assert page.url.endswith(reverse("interviews:interview_detail", kwargs=kwargs))


def test_replace_a_coded_transcript_after_its_preview(page: Page, live_server, axe_check, tmp_path):
    # given a transcript with a coding on words the corrected file keeps and one on words it changes
    transcript, user = _coded()
    corrected = tmp_path / "p07-corrected.txt"
    corrected.write_text(
        "Interviewer: Who do you work with?\n"
        "P07: Ffion Quillfeather at Brookvale Food Bank helps us every week, and the county funds it.\n"
    )
    login(page, live_server, user)
    # when the researcher chooses the corrected file from the interview page
    page.goto(live_server.url + transcript.interview.get_absolute_url())
    page.get_by_role("link", name="Replace with a corrected file").click()
    page.get_by_label("Transcript file").set_input_files(str(corrected))
    page.get_by_role("button", name="Preview the changes").click()
    # then the preview lists the coding that will be dropped with its words, and nothing has changed yet
    expect(page.locator("#summary")).to_contain_text("1 coding kept")
    expect(page.locator("#lost")).to_contain_text("the council funds it")
    assert "county" not in Transcript.objects.get().text
    both_widths(page, axe_check, "replace-preview", SHOTS)
    # and confirming replaces the text, keeping the coding whose words are unchanged
    page.get_by_role("button", name="Replace the transcript").click()
    expect(page.get_by_text("The transcript has been replaced: 1 coding kept, 1 dropped")).to_be_visible()
    replaced = Transcript.objects.get()
    (kept,) = replaced.codings.all()
    assert "county" in replaced.text and replaced.text[kept.start : kept.end] == "helps us every week"
