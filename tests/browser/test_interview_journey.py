"""From a transcript file to the code-by-sector matrix, as a researcher: import, confirm the speakers,
pseudonymise, code by keyboard alone, and read the counts."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.analysis.models import Coding
from coproduce.analysis.services.codebook import code_create
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.interviews.models import Interview, Transcript
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login
from .test_coding import _pick, _tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Fictional: the participant's name is in the register, so the import suggests redacting it.
FILE = """Interviewer: Who do you work with most?

Ffion Quillfeather: Food parcels go out every Friday from the church hall.

Interviewer: How do you and the council decide things together?

Ffion Quillfeather: Trust grows slowly when people keep their promises.

Interviewer: What would you change first?

Ffion Quillfeather: Transport is the biggest problem, says Ffion Quillfeather, for older people.
"""


def _url(live_server, name: str, **kwargs) -> str:
    return live_server.url + reverse(name, kwargs=kwargs)


def _code_first_words(page: Page, turn: int, words: int, code: str) -> None:
    """Tab into a turn, select its first words with Ctrl+Shift+Right, press C, type the code, Enter."""
    _tab_to(page, f"turn-text-{turn}")
    for _ in range(words):
        page.keyboard.press("Control+Shift+ArrowRight")
    _pick(page, code)
    expect(page.locator(f"#turn-{turn} .app-coding-margin")).to_contain_text(code)


def test_import_pseudonymise_code_and_count(page: Page, live_server, axe_check):
    # given a researcher, a codebook, and a person with interview consent and an interview
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project, user = membership.project, membership.user
    for name in ("Food", "Trust", "Transport"):
        code_create(project=project, by=user, name=name)
    person = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.INTERVIEW], kind=ConsentKind.GIVEN,
        method=ConsentMethod.VERBAL, by=user,
    )  # fmt: skip
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    ids = {"project_id": project.public_id, "interview_id": interview.public_id}
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login(page, live_server, user)

    # when they import the file from the interview page
    page.goto(_url(live_server, "interviews:interview_detail", **ids))
    axe_check(page)
    page.get_by_role("link", name="Import a transcript").click()
    axe_check(page)
    page.get_by_label("Transcript file").set_input_files(
        {"name": "p07.txt", "mimeType": "text/plain", "buffer": FILE.encode("utf-8")}
    )
    page.get_by_role("button", name="Import transcript").click()

    # and confirm the guessed speakers: the interviewer, and Ffion as the person interviewed
    expect(page).to_have_url(re.compile(r"/transcript/speakers/"))
    axe_check(page)
    expect(page.get_by_label("Interviewer", exact=True)).to_have_value("interviewer")
    expect(page.get_by_label("Ffion Quillfeather")).to_have_value(str(person.public_id))
    page.get_by_role("button", name="Save speakers").click()

    # and accept every suggested redaction, then mark the transcript as pseudonymised
    expect(page).to_have_url(re.compile(r"/transcript/redactions/"))
    axe_check(page)
    redact = page.get_by_role("button", name=re.compile(r"^Redact .+"))
    expect(redact.first).to_be_visible()
    for _ in range(10):
        if not redact.count():
            break
        redact.first.click()
        page.wait_for_load_state()
    assert redact.count() == 0
    page.get_by_role("button", name="Mark as pseudonymised").click()
    transcript = Transcript.objects.get(interview=interview)
    assert transcript.redaction_done_at is not None
    assert "Ffion" not in transcript.text and "[P07]" in transcript.text

    # and code three segments on the coding page by keyboard alone
    page.goto(_url(live_server, "analysis:transcript_code", **ids))
    axe_check(page)
    _code_first_words(page, 2, 2, "Food")
    _code_first_words(page, 4, 2, "Trust")
    _code_first_words(page, 6, 1, "Transport")
    snippets = sorted(Coding.objects.values_list("code__name", "snippet"))
    assert snippets == [("Food", "Food parcels"), ("Transport", "Transport"), ("Trust", "Trust grows")]
    transcript.refresh_from_db()
    for coding in Coding.objects.all():
        assert transcript.text[coding.start : coding.end] == coding.snippet
    axe_check(page)

    # then the code by sector matrix counts one segment of each code for the person's sector
    page.goto(_url(live_server, "analysis:code_sector_matrix", project_id=project.public_id))
    axe_check(page)
    table = page.locator("table").first
    expect(table).to_contain_text(person.sector_label.split(" (")[0])
    for code in ("Food", "Trust", "Transport"):
        row = table.locator("tr", has=page.locator("th", has_text=re.compile(rf"^{code}$")))
        expect(row.locator("td").last).to_have_text("1")
    expect(table.locator("tr", has_text="All codes").locator("td").last).to_have_text("3")
    assert not errors, errors
