"""The speakers page and the matrix's interviewer switch in the browser, at phone and desktop widths.

The focus group is QualCoder's published example (/work/shared/data/transcripts; skipped when absent).
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.interviews.models import Interview, SpeakerRole
from coproduce.interviews.selectors.speakers import speakers_current
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_GROUP = Path("/work/shared/data/transcripts/qualcoder-examples/transcript.txt")
WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


def _focus_group():
    if not FOCUS_GROUP.is_file():
        pytest.skip(f"{FOCUS_GROUP} is not available")
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    project, user = membership.project, membership.user
    museum = OrganisationFactory(project=project, name="Brookvale Museum", sector=Sector.LOCAL_AUTHORITY)
    people = [
        StakeholderFactory(project=project, code=code, full_name=name, organisation=museum)
        for code, name in (("P07", "Ffion Quillfeather"), ("P08", "Olu Adeyemi"), ("P09", "Rhian Okafor"))
    ]
    consent_record(
        stakeholder=people[0], form=None, scopes=[ConsentScope.INTERVIEW], kind=ConsentKind.GIVEN,
        method=ConsentMethod.VERBAL, by=user,
    )  # fmt: skip
    interview = Interview.objects.create(
        project=project, stakeholder=people[0], scheduled_for=timezone.now(), status="done"
    )
    transcript = transcript_import(
        interview=interview, by=user, data=FOCUS_GROUP.read_bytes(), filename=FOCUS_GROUP.name
    )
    return project, user, people, interview, transcript


@pytest.mark.parametrize("width", WIDTHS)
def test_speakers_page_maps_each_speaker(page: Page, live_server, axe_check, width, tmp_path):
    # given a focus group imported with a first guess: id1 is the person interviewed, the others unknown
    project, user, people, interview, transcript = _focus_group()
    page.set_viewport_size(WIDTHS[width])
    login(page, live_server, user)

    # when the researcher opens the speakers page
    kwargs = {"project_id": project.public_id, "interview_id": interview.public_id}
    page.goto(live_server.url + reverse("interviews:transcript_speakers", kwargs=kwargs))
    expect(page.get_by_role("heading", name="Who is each speaker?")).to_be_visible()
    expect(page.get_by_label("id1")).to_have_value(str(people[0].public_id))
    expect(page.get_by_label("id2")).to_have_value("other")
    axe_check(page)
    page.screenshot(path=str(tmp_path / f"speakers-page-{width}.png"), full_page=True)

    # and says id2 is P08 and id3 is P09, by keyboard, then saves
    page.get_by_label("id2").select_option(str(people[1].public_id))
    page.get_by_label("id3").focus()
    page.get_by_label("id3").select_option(str(people[2].public_id))
    page.get_by_role("button", name="Save speakers").press("Enter")

    # then every turn follows, and the speakers are confirmed
    expect(page).to_have_url(re.compile(r"/transcript/redactions/"))
    expect(page.get_by_text("The speakers have been saved")).to_be_visible()
    axe_check(page)
    found = {
        label: c.stakeholder.code
        for label, c in speakers_current(transcript=transcript).items()
        if c.stakeholder
    }
    assert found == {"id1": "P07", "id2": "P08", "id3": "P09"}


@pytest.mark.parametrize("width", WIDTHS)
def test_matrix_switch_counts_the_interviewer(page: Page, live_server, axe_check, width, tmp_path):
    # given a coded question of the interviewer and a coded answer of P07
    project, user, _, _, transcript = _focus_group()
    transcript.turns.filter(speaker="id2").update(role=SpeakerRole.INTERVIEWER, stakeholder=None)
    transcript.redaction_done_at = timezone.now()
    transcript.save()
    code = code_create(project=project, by=user, name="Workload")
    for words in ("I am struggling with the lecture slides", "too many for the short semester"):
        start = transcript.text.index(words)
        coding_create(transcript=transcript, code=code, by=user, start=start, end=start + len(words))
    page.set_viewport_size(WIDTHS[width])
    login(page, live_server, user)

    # when they open the matrix, then turn the switch on
    page.goto(
        live_server.url + reverse("analysis:code_sector_matrix", kwargs={"project_id": project.public_id})
    )
    table = page.locator("table").first
    expect(table.locator("tr", has_text="Workload").locator("td").last).to_have_text("1")
    axe_check(page)
    page.get_by_role("group", name="Count the interviewer's words").get_by_label("Yes").check()
    page.get_by_role("button", name="Update the matrix").click()

    # then the interviewer's segment counts, in its own column
    expect(table.locator("th", has_text=re.compile(r"^Interviewer$"))).to_be_visible()
    expect(table.locator("tr", has_text="Workload").locator("td").last).to_have_text("2")
    axe_check(page)
    page.screenshot(path=str(tmp_path / f"speakers-matrix-{width}.png"), full_page=True)
    # and the page itself never scrolls sideways: a wide table scrolls inside its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
