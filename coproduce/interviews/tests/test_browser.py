"""Pseudonymising a transcript that names people outside the register: the suggestions with their context,
redacting every place a name appears, and the question asked when suggestions are left undecided."""

import re
import tempfile
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.consent.models import ConsentScope
from coproduce.interviews.models import Transcript
from coproduce.interviews.services.interviews import interview_create
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.interviews.tasks import transcript_names_find
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from tests.browser.signin import login

from .test_services import _consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUED_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
# Outside test-results, which pytest-playwright empties at the start of every run.
SHOTS = Path(tempfile.gettempdir()) / "coproduce-screenshots" / "redaction"
# Fictional: P07 is in the register; the mayor and the neighbour are not.
FILE = """Interviewer: Who has helped the food bank?

Ffion Quillfeather: The mayor, Andrew Kettering, opened our new hall in Walsall.
My neighbour Dorothy Pike drives the van. Dorothy Pike is there every Friday.

Interviewer: Anyone else?

Ffion Quillfeather: Only Ffion and the volunteers, really. Call me on 07700 900123.
"""


@pytest.fixture
def redact_page(live_server):
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project, user = membership.project, membership.user
    person = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    _consent(person, user, ConsentScope.INTERVIEW)
    interview = interview_create(project=project, by=user, stakeholder=person, scheduled_for=timezone.now())
    transcript_import(interview=interview, by=user, data=FILE.encode(), filename="p07.txt")
    ids = {"project_id": project.public_id, "interview_id": interview.public_id}
    return user, interview, live_server.url + reverse("interviews:transcript_redact", kwargs=ids)


def both_widths(page: Page, axe_check, name: str, folder: Path = SHOTS) -> None:
    """Check the page with axe at desktop and phone widths, keeping a screenshot of each in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (360, 800)):
        page.set_viewport_size({"width": width, "height": height})
        axe_check(page)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_suggestions_in_context_redact_all_and_confirm_undecided(
    page: Page, live_server, axe_check, redact_page
):
    user, interview, url = redact_page
    login(page, live_server, user)

    # when the researcher opens the suggestions
    page.goto(url)
    both_widths(page, axe_check, "suggestions")

    # then names outside the register are suggested, each with the words around it
    record = page.locator(".app-record", has_text="My neighbour Dorothy Pike drives the van")
    expect(record.first).to_contain_text("a person's name not in the register")
    expect(page.locator(".app-record", has_text="Andrew Kettering").first).to_be_visible()

    # when they redact every place "Dorothy Pike" appears
    record.first.get_by_role("button", name=re.compile(r"^Redact all 2")).click()
    expect(page.get_by_role("button", name="Redact Dorothy Pike here")).to_have_count(0)
    expect(page.locator(".app-record", has_text="Walsall").first).to_contain_text("My neighbour [person]")
    transcript = Transcript.objects.get(interview=interview)
    assert transcript.text.count("[person]") == 2 and "Dorothy Pike" not in transcript.text

    # and mark the transcript as pseudonymised with suggestions left
    page.get_by_role("button", name="Mark as pseudonymised").click()

    # then they are asked what to do with them, and nothing changes until they choose
    expect(page.get_by_role("heading", level=1)).to_contain_text("not decided yet")
    both_widths(page, axe_check, "confirm")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Mark as pseudonymised").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether to redact or keep")
    axe_check(page)
    assert Transcript.objects.get(interview=interview).redaction_done_at is None
    page.get_by_label("Redact all of them, each with its suggested replacement").check()
    page.get_by_role("button", name="Mark as pseudonymised").click()
    expect(page).to_have_url(re.compile(r"/transcript/$"))
    transcript.refresh_from_db()
    assert transcript.redaction_done_at is not None
    assert "Andrew Kettering" not in transcript.text and "07700 900123" not in transcript.text


def test_suggestions_page_says_when_the_model_is_missing(
    page: Page, live_server, axe_check, redact_page, model_absent
):
    user, _interview, url = redact_page
    login(page, live_server, user)

    page.goto(url)

    expect(page.locator(".govuk-warning-text")).to_contain_text("name-finding model is not installed")
    both_widths(page, axe_check, "model-missing")


def test_the_pages_say_looking_for_names_then_show_them_without_a_reload(page: Page, live_server, axe_check):
    # given a transcript imported while no worker has looked for its names yet
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project, user = membership.project, membership.user
    person = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    _consent(person, user, ConsentScope.INTERVIEW)
    interview = interview_create(project=project, by=user, stakeholder=person, scheduled_for=timezone.now())
    with override_settings(TASKS=QUEUED_ONLY):
        transcript = transcript_import(interview=interview, by=user, data=FILE.encode(), filename="p07.txt")
    ids = {"project_id": project.public_id, "interview_id": interview.public_id}
    login(page, live_server, user)
    # when the researcher opens the transcript, and then the pseudonymise page, both say so
    page.goto(live_server.url + reverse("interviews:transcript_detail", kwargs=ids))
    expect(page.get_by_role("status")).to_contain_text("Looking for names…")
    both_widths(page, axe_check, "transcript-looking-for-names")
    page.goto(live_server.url + reverse("interviews:transcript_redact", kwargs=ids))
    status = page.get_by_role("status")
    expect(status).to_contain_text("Looking for names…")
    expect(page.get_by_role("button", name="Mark as pseudonymised")).to_have_count(0)
    both_widths(page, axe_check, "looking-for-names")
    # and when the worker has looked, the page shows the suggestions by itself, and announces how many
    page.set_viewport_size({"width": 1280, "height": 900})
    transcript_names_find.call(job_id=transcript.names_job_id or 0)
    finished = re.compile(r"Finished looking for names: \d+ suggestions to check\.")
    expect(status).to_contain_text(finished, timeout=10_000)
    expect(page.locator(".app-record", has_text="Dorothy Pike").first).to_be_visible()
    expect(page.get_by_role("button", name="Mark as pseudonymised")).to_be_visible()
    both_widths(page, axe_check, "names-found")
