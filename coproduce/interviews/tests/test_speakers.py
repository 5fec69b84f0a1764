"""Who each speaker of a transcript is: the guess at import, the researcher's answer, erasure."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.erasure import stakeholder_erase
from coproduce.consent.services.events import consent_record
from coproduce.core.models import AuditEvent
from coproduce.interviews.models import Interview, SpeakerRole, TranscriptTurn
from coproduce.interviews.selectors.speakers import SpeakerChoice, speakers_current
from coproduce.interviews.services.speakers import INTERVIEWER, SOMEONE_ELSE, transcript_speakers_set
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DATA = Path("/work/shared/data/transcripts")

# Fictional: a group interview with the person interviewed, a colleague from the register, and a visitor.
GROUP = """Interviewer: Thanks for coming, both of you. How do your teams work together?

Ffion Quillfeather: We run the food bank and the council's early help team sends families to us.

Dr Olu Adeyemi: From the clinic side, we refer people to Ffion's team every week.

Caretaker: Sorry, I just need to lock the side door.

Interviewer: What gets in the way?

Ffion Quillfeather: Funding is short every year, and trust takes years to build.
"""


def _read(relative: str) -> bytes:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path.read_bytes()


def _consent(person, by, scope=ConsentScope.INTERVIEW):
    consent_record(
        stakeholder=person, form=None, scopes=[scope], kind=ConsentKind.GIVEN, method=ConsentMethod.PAPER,
        by=by,
    )  # fmt: skip


@pytest.fixture
def person(project, lead):
    found = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    _consent(found, lead)
    return found


@pytest.fixture
def colleague(project):
    return StakeholderFactory(project=project, code="P08", full_name="Olu Adeyemi")


@pytest.fixture
def interview(project, person):
    return Interview.objects.create(project=project, stakeholder=person, scheduled_for=timezone.now())


def _who(transcript) -> dict[str, tuple[str, str]]:
    """Each label with its role and the code of the person in the register ("" for none)."""
    return {
        label: (choice.role, choice.stakeholder.code if choice.stakeholder else "")
        for label, choice in speakers_current(transcript=transcript).items()
    }


def test_import_guesses_each_speaker_from_the_register(interview, lead, colleague):
    transcript = transcript_import(interview=interview, by=lead, data=GROUP.encode(), filename="group.txt")

    assert _who(transcript) == {
        "Interviewer": (SpeakerRole.INTERVIEWER, ""),
        "Ffion Quillfeather": (SpeakerRole.PARTICIPANT, "P07"),
        "Dr Olu Adeyemi": (SpeakerRole.PARTICIPANT, "P08"),
        "Caretaker": (SpeakerRole.OTHER, ""),
    }
    assert transcript.speakers_confirmed_at is None  # a guess, to be confirmed


def test_import_guesses_a_published_interview(interview, lead):
    # admin-1.txt: the researcher (Max Bigman, a team member here) interviews "admin-1"; the phone system
    # speaks first. No label names the person interviewed, so the one who says the most is taken to be them.
    lead.full_name = "Max Bigman"
    lead.save()
    data = _read("proctor-qc-demo/admin-1.txt")

    transcript = transcript_import(interview=interview, by=lead, data=data, filename="admin-1.txt")

    assert _who(transcript) == {
        "Automation": (SpeakerRole.OTHER, ""),
        "Max Bigman": (SpeakerRole.INTERVIEWER, ""),
        "admin-1": (SpeakerRole.PARTICIPANT, "P07"),
    }


def test_focus_group_speakers_are_mapped_to_three_people(project, interview, lead, colleague):
    # transcript.txt: a focus group of three speakers tagged [id1], [id2], [id3]
    data = _read("qualcoder-examples/transcript.txt")
    third = StakeholderFactory(project=project, code="P09", full_name="Rhian Okafor")
    transcript = transcript_import(interview=interview, by=lead, data=data, filename="transcript.txt")
    assert _who(transcript) == {
        "id1": (SpeakerRole.PARTICIPANT, "P07"),  # says the most
        "id2": (SpeakerRole.OTHER, ""),
        "id3": (SpeakerRole.OTHER, ""),
    }

    transcript_speakers_set(
        transcript=transcript,
        by=lead,
        speakers={
            "id1": SpeakerChoice(SpeakerRole.PARTICIPANT, interview.stakeholder),
            "id2": SpeakerChoice(SpeakerRole.PARTICIPANT, colleague),
            "id3": SpeakerChoice(SpeakerRole.PARTICIPANT, third),
        },
    )

    turns = TranscriptTurn.objects.filter(transcript=transcript).order_by("order")
    assert [t.stakeholder and t.stakeholder.code for t in turns] == [
        "P07",
        "P08",
        "P09",
        "P07",
        "P09",
        "P07",
        "P08",
    ]
    transcript.refresh_from_db()
    assert transcript.speakers_confirmed_at is not None
    audit = AuditEvent.objects.get(action="interviews.transcript.speakers_set")
    assert audit.changes["people"] == ["P07", "P08", "P09"]
    assert "id1" not in str(audit.changes)  # labels can be names; the audit keeps codes only


def test_speakers_must_be_from_this_project_and_cover_every_label(interview, lead):
    transcript = transcript_import(interview=interview, by=lead, data=GROUP.encode(), filename="group.txt")
    stranger = StakeholderFactory(project=ProjectFactory(), code="P01")
    every = dict.fromkeys(speakers_current(transcript=transcript), SOMEONE_ELSE)

    with pytest.raises(ValidationError, match="this project's register"):
        transcript_speakers_set(
            transcript=transcript,
            by=lead,
            speakers={**every, "Caretaker": SpeakerChoice("participant", stranger)},
        )
    with pytest.raises(ValidationError, match="each speaker"):
        transcript_speakers_set(transcript=transcript, by=lead, speakers={"Interviewer": INTERVIEWER})
    with pytest.raises(ValidationError, match="the interviewer or someone else"):
        transcript_speakers_set(
            transcript=transcript,
            by=lead,
            speakers={**every, "Caretaker": SpeakerChoice("interviewer", stranger)},
        )
    assert _who(transcript)["Caretaker"] == (SpeakerRole.OTHER, "")


def test_erasing_a_speaker_leaves_their_words_to_someone_else(interview, lead, colleague):
    transcript = transcript_import(interview=interview, by=lead, data=GROUP.encode(), filename="group.txt")

    stakeholder_erase(stakeholder=colleague, by=lead)

    assert _who(transcript)["Dr Olu Adeyemi"] == (SpeakerRole.OTHER, "")
    assert _who(transcript)["Ffion Quillfeather"] == (SpeakerRole.PARTICIPANT, "P07")


def _url(name, interview):
    kwargs = {"project_id": interview.project.public_id, "interview_id": interview.public_id}
    return reverse(f"interviews:{name}", kwargs=kwargs)


def test_speakers_page_shows_the_guess_and_saves_the_answer(lead_client, interview, lead, colleague):
    upload = SimpleUploadedFile("group.txt", GROUP.encode())
    response = lead_client.post(_url("transcript_upload", interview), {"file": upload})
    assert response.status_code == 302 and response["Location"] == _url("transcript_speakers", interview)

    page = lead_client.get(_url("transcript_speakers", interview)).text
    assert "Dr Olu Adeyemi" in page and "first guess" in page
    assert f'value="{colleague.public_id}" selected' in page
    assert "2 turns. First words: “Thanks for coming" in page

    answer = {"speaker_0": "interviewer", "speaker_1": str(interview.stakeholder.public_id),
              "speaker_2": "other", "speaker_3": "other"}  # fmt: skip
    saved = lead_client.post(_url("transcript_speakers", interview), answer)

    assert saved.status_code == 302
    assert _who(interview.transcript)["Dr Olu Adeyemi"] == (SpeakerRole.OTHER, "")
    refused = lead_client.post(_url("transcript_speakers", interview), {**answer, "speaker_2": "nobody"})
    assert refused.status_code == 200 and "Choose who this speaker is" in refused.text
