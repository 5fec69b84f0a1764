"""The focus group pages: scheduling one, changing who takes part, and the page that shows each person's
consent. Bad input changes nothing and says why."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.core.versions import record_version
from coproduce.interviews.models import Interview, InterviewKind, InterviewParticipant, Transcript
from coproduce.interviews.selectors.interviews import interview_participant_list
from coproduce.interviews.services.interviews import focus_group_create, interview_create
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.tests.factories import ProjectFactory

from .test_focus_groups import FOCUS_GROUP, _consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(project):
    return [StakeholderFactory(project=project, code=f"P0{n}") for n in (7, 8, 9)]


@pytest.fixture
def group(project, lead, people):
    return focus_group_create(project=project, by=lead, participants=people, scheduled_for=timezone.now())


def _new(project):
    return reverse("interviews:focus_group_create", kwargs={"project_id": project.public_id})


def _url(name, interview):
    ids = {"project_id": interview.project.public_id, "interview_id": interview.public_id}
    return reverse(f"interviews:{name}", kwargs=ids)


def _post(people, **more):
    return {
        "participants": [p.pk for p in people],
        "scheduled_for": "2026-12-03T10:30",
        "mode": "video",
        **more,
    }


def test_schedule_a_focus_group(lead_client, project, people):
    page = lead_client.get(_new(project)).text
    assert "Schedule a focus group" in page and "Who takes part" in page and "P09" in page

    response = lead_client.post(_new(project), _post(people[:2]))

    group = Interview.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.kind == InterviewKind.FOCUS_GROUP
    assert [p.code for p in interview_participant_list(interview=group)] == ["P07", "P08"]


@pytest.mark.parametrize(
    ("choose", "message"),
    [
        ("nobody", "Choose the people who take part in the focus group"),
        ("one", "Choose at least two people for a focus group"),
        ("stranger", "Choose people from this project&#x27;s register"),
    ],
)
def test_bad_participants_change_nothing_and_say_why(lead_client, project, people, choose, message):
    stranger = StakeholderFactory(project=ProjectFactory(), code="P01")
    chosen = {"nobody": [], "one": people[:1], "stranger": [people[0], stranger]}[choose]

    response = lead_client.post(_new(project), _post(chosen))

    assert response.status_code == 200 and "There is a problem" in response.text and message in response.text
    assert not Interview.objects.exists() and not InterviewParticipant.objects.exists()


def test_the_edit_page_changes_who_takes_part(lead_client, group, people):
    page = lead_client.get(_url("interview_edit", group)).text
    boxes = re.findall(r'<input[^>]*name="participants"[^>]*>', page)
    assert "Change the focus group" in page and [" checked" in box for box in boxes] == [True] * 3

    version = record_version(Interview.objects.get(pk=group.pk))
    response = lead_client.post(_url("interview_edit", group), _post(people[1:], version=version))

    assert response.status_code == 302
    assert [p.code for p in interview_participant_list(interview=group)] == ["P08", "P09"]


def test_a_stale_edit_page_shows_the_other_save_and_keeps_it(lead_client, group, people):
    version = record_version(Interview.objects.get(pk=group.pk))
    lead_client.post(_url("interview_edit", group), _post(people[1:], version=version))

    response = lead_client.post(_url("interview_edit", group), _post(people[:2], version=version))

    assert response.status_code == 200
    assert "Someone else changed this record while you were editing it" in response.text
    assert [p.code for p in interview_participant_list(interview=group)] == ["P08", "P09"]


def test_the_focus_group_page_shows_each_participants_consent(lead_client, group, people, lead):
    _consent(people[0], lead, ConsentScope.INTERVIEW, ConsentScope.ANONYMISED_QUOTES)
    _consent(people[1], lead, ConsentScope.ANONYMISED_QUOTES)
    _consent(people[1], lead, ConsentScope.ANONYMISED_QUOTES, kind=ConsentKind.WITHDRAWN)

    page = lead_client.get(group.get_absolute_url()).text

    assert "Focus group with P07, P08 and P09" in page and "Participants and their consent" in page
    sections = {code: page.split(f">{code}")[1].split("</ul>")[0] for code in ("P07", "P08", "P09")}
    assert "Be quoted anonymously in outputs: Given" in sections["P07"]
    assert "Withdrawn</strong>" in sections["P08"]
    assert "Take part in an interview: not recorded" in sections["P09"]
    schedule = lead_client.get(
        reverse("interviews:interview_list", kwargs={"project_id": group.project.public_id})
    )
    assert "Focus group: P07, P08 and P09" in schedule.text


def test_importing_a_transcript_says_who_has_not_consented(lead_client, group, people, lead):
    _consent(people[1], lead)
    upload = SimpleUploadedFile("group.txt", FOCUS_GROUP.encode())

    response = lead_client.post(_url("transcript_upload", group), {"file": upload})

    assert response.status_code == 200
    assert (
        "You cannot add a transcript of this focus group: P07 has not given consent to take part in an "
        "interview; P09 has not given consent to take part in an interview." in response.text
    )
    assert not Transcript.objects.exists()


def test_a_persons_page_links_to_their_interviews_and_focus_groups(lead_client, project, lead, group, people):
    alone = interview_create(project=project, by=lead, stakeholder=people[2], scheduled_for=timezone.now())
    interview_create(project=project, by=lead, stakeholder=people[1], scheduled_for=timezone.now())
    detail = reverse("people:stakeholder_detail", kwargs={"project_id": project.public_id, "code": "P09"})
    link = re.search(r'href="([^"]*\?person=P09)"', lead_client.get(detail).text)
    assert link is not None

    page = lead_client.get(link.group(1).replace("&amp;", "&")).text

    assert "Interviews and focus groups with P09" in page
    rows = re.findall(r'<tr class="govuk-table__row">\s*<td[^>]*><a class="govuk-link" href="([^"]+)"', page)
    assert set(rows) == {group.get_absolute_url(), alone.get_absolute_url()}


def test_an_unknown_code_shows_every_interview_and_says_so(lead_client, project, group):
    schedule = reverse("interviews:interview_list", kwargs={"project_id": project.public_id})

    page = lead_client.get(schedule, {"person": "P99"}).text

    assert "No one in the register has the code “P99”, so every interview is shown." in page
    assert group.get_absolute_url() in page


def test_the_transcript_pages_name_the_focus_group(lead_client, group, people, lead):
    for person in people:
        _consent(person, lead)
    assert "Import the transcript of the focus group with P07, P08 and P09" in (
        lead_client.get(_url("transcript_upload", group)).text
    )
    upload = SimpleUploadedFile("group.txt", FOCUS_GROUP.encode())
    lead_client.post(_url("transcript_upload", group), {"file": upload})

    speakers = lead_client.get(_url("transcript_speakers", group)).text
    transcript = lead_client.get(_url("transcript_detail", group)).text

    assert "This is the transcript of the focus group with P07, P08 and P09" in " ".join(speakers.split())
    assert "Focus group with P07, P08 and P09" in transcript
