"""Coding a transcript by keyboard alone: select words with Shift and the arrows, press C, filter, Enter."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.analysis.models import Coding
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.tests.test_codings import make_transcript
from coproduce.interviews.models import SpeakerRole
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TURNS = (
    (SpeakerRole.INTERVIEWER, "Who do you work with most?"),
    (SpeakerRole.PARTICIPANT, "We meet at the 🥫 food bank every week, with the council."),
    (SpeakerRole.INTERVIEWER, "And how do you trust each other?"),
)


def _tab_to(page: Page, element_id: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def _pick(page: Page, *filters: str) -> None:
    """Open the picker with C; tick the first code matching each filter (Down, Space), then press Enter."""
    page.keyboard.press("c")
    picker_filter = page.get_by_label("Filter codes")
    expect(picker_filter).to_be_focused()
    for words in filters:
        picker_filter.focus()  # back to the filter, as Shift+Tab would
        page.keyboard.press("Control+a")
        page.keyboard.type(words)
        if len(filters) > 1:
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator("#code-picker")).not_to_be_visible()


def _open(page: Page, live_server, user, transcript) -> list[str]:
    """Sign in and open the coding page; returns the list that collects the browser's console errors."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login(page, live_server, user)
    page.goto(
        live_server.url
        + reverse(
            "analysis:transcript_code",
            kwargs={
                "project_id": transcript.interview.project.public_id,
                "interview_id": transcript.interview.public_id,
            },
        )
    )
    return errors


def test_code_three_segments_by_keyboard(page: Page, live_server, axe_check):
    # given a researcher, a codebook and a transcript whose second turn has an emoji before the words to code
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project = membership.project
    for name in ("Trust", "Food and hunger", "Place"):
        code_create(project=project, by=membership.user, name=name)
    transcript = make_transcript(project, turns=TURNS)
    errors = _open(page, live_server, membership.user, transcript)
    axe_check(page)

    # when they select "work with" in the first turn (Ctrl+Right moves by word) and apply Trust
    _tab_to(page, "turn-text-1")
    for key in ["Control+ArrowRight"] * 3 + ["ArrowRight"] + ["Shift+ArrowRight"] * 9:
        page.keyboard.press(key)
    expect(page.locator("#coding-selection")).to_have_text("Selected: “work with”")
    _pick(page, "tru")
    expect(page.locator("#turn-1 .app-coding-margin")).to_contain_text("Trust")

    # and "food bank" after the emoji in the second turn, with Food and hunger
    _tab_to(page, "turn-text-2")
    for key in ["ArrowRight"] * 17 + ["Shift+ArrowRight"] * 9:
        page.keyboard.press(key)
    _pick(page, "food")
    expect(page.locator("#turn-2 .app-coding-margin")).to_contain_text("Food and hunger")

    # and "trust each other" in the third turn with two codes ticked, Place and Trust
    _tab_to(page, "turn-text-3")
    for key in ["Control+ArrowRight"] * 4 + ["ArrowRight"] + ["Control+Shift+ArrowRight"] * 3:
        page.keyboard.press(key)
    _pick(page, "place", "trust")

    # then the margin shows every coding with its coder, and the offsets are code points into the text
    margin = page.locator("#turn-3 .app-coding-margin")
    expect(margin).to_contain_text("Place")
    expect(margin).to_contain_text("Trust")
    expect(margin).to_contain_text(membership.user.full_name)
    snippets = sorted(Coding.objects.values_list("code__name", "snippet"))
    assert snippets == [
        ("Food and hunger", "food bank"),
        ("Place", "trust each other"),
        ("Trust", "trust each other"),
        ("Trust", "work with"),
    ]
    for coding in Coding.objects.all():
        assert transcript.text[coding.start : coding.end] == coding.snippet
    expect(page.locator("#turn-2 mark.app-seg")).to_have_text("food bank")
    expect(page.locator("#coding-status")).to_contain_text("Applied Trust, Place to “trust each other”")
    axe_check(page)
    assert not errors, errors


def test_code_a_selection_with_the_button_and_remove_it_from_the_margin(page: Page, live_server, axe_check):
    # given a lead and a transcript
    membership = MembershipFactory.create(role=ProjectRole.LEAD)
    code_create(project=membership.project, by=membership.user, name="Place")
    transcript = make_transcript(membership.project, turns=TURNS)
    errors = _open(page, live_server, membership.user, transcript)
    # when "food bank" (after the emoji) is selected, as a mouse would, and they use the button and the picker
    page.evaluate(
        """() => {
          const node = document.getElementById("turn-text-2").firstChild;
          const start = node.data.indexOf("food bank");
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + "food bank".length);
          document.getSelection().removeAllRanges();
          document.getSelection().addRange(range);
        }"""
    )
    expect(page.locator("#coding-selection")).to_have_text("Selected: “food bank”")
    page.get_by_role("button", name="Code the selection").click()
    page.get_by_label("Place").check()
    page.get_by_role("button", name="Apply", exact=True).click()
    # then the coding is in the margin; removing it by keyboard takes it away and keeps the focus in the turn
    margin = page.locator("#turn-2 .app-coding-margin")
    expect(margin).to_contain_text("Place")
    assert Coding.objects.get().snippet == "food bank"
    margin.get_by_role("button", name="Remove Place here").focus()
    page.keyboard.press("Enter")
    expect(margin).not_to_contain_text("Place")
    expect(page.locator("#turn-text-2")).to_be_focused()
    assert not Coding.objects.exists()
    axe_check(page)
    assert not errors, errors


def test_new_codings_by_someone_else_are_offered_within_ten_seconds(page: Page, live_server):
    # given two researchers, the first with the transcript open
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    other = MembershipFactory.create(role=ProjectRole.RESEARCHER, project=membership.project)
    code = code_create(project=membership.project, by=membership.user, name="Place")
    transcript = make_transcript(membership.project, turns=TURNS)
    errors = _open(page, live_server, membership.user, transcript)
    # when the other codes words in the second turn
    start = transcript.text.index("food bank")
    coding_create(transcript=transcript, code=code, by=other.user, start=start, end=start + len("food bank"))
    # then the page offers the new codings, and showing them swaps in the turns with the polling restarted
    link = page.get_by_role("link", name="Show new codings")
    expect(link).to_be_visible(timeout=15_000)
    link.click()
    expect(page.locator("#turn-2 .app-coding-margin")).to_contain_text(other.user.full_name)
    expect(page.locator("#turn-2 mark.app-seg--painted")).to_have_text("food bank")
    expect(link).not_to_be_visible()
    expect(page.locator("#coding-updates[hx-trigger]")).to_have_count(1)
    assert not errors, errors
