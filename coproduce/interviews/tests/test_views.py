import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.core.tests.zip_bombs import word_bomb
from coproduce.interviews.models import Interview, Transcript
from coproduce.interviews.services.interviews import interview_create
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole

from .test_services import TRANSCRIPT


@pytest.fixture
def interview(project, lead):
    person = StakeholderFactory(project=project, full_name="Ffion Quillfeather", code="P07")
    consent_record(
        stakeholder=person,
        form=None,
        scopes=[ConsentScope.INTERVIEW],
        kind=ConsentKind.GIVEN,
        method=ConsentMethod.VERBAL,
        by=lead,
    )
    return interview_create(project=project, by=lead, stakeholder=person, scheduled_for=timezone.now())


def _url(name, interview, **kwargs):
    return reverse(
        f"interviews:{name}",
        kwargs={"project_id": interview.project.public_id, "interview_id": interview.public_id, **kwargs},
    )


def test_schedule_an_interview(lead_client, project):
    person = StakeholderFactory(project=project)

    response = lead_client.post(
        reverse("interviews:interview_create", kwargs={"project_id": project.public_id}),
        {"stakeholder": person.pk, "scheduled_for": "2026-12-03T10:30", "mode": "video"},
    )

    interview = Interview.objects.get()
    assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()
    assert interview.mode == "video" and interview.scheduled_for.hour == 10


def test_outcome_without_consent_is_refused_with_the_reason(lead_client, project, interview):
    person = StakeholderFactory(project=project, code="P08")
    other = interview_create(
        project=project,
        by=interview.interviewer or project.memberships.get().user,
        stakeholder=person,
        scheduled_for=timezone.now(),
    )

    response = lead_client.post(_url("interview_outcome", other), {"status": "done"})

    assert response.status_code == 200
    assert "P08 has not given consent to take part in an interview" in response.text


def test_upload_then_pseudonymise_then_the_team_reads_it(lead_client, member, project, interview):
    upload = SimpleUploadedFile("p07.txt", TRANSCRIPT.encode())
    response = lead_client.post(_url("transcript_upload", interview), {"file": upload})
    assert response.status_code == 302
    transcript = Transcript.objects.get()
    facilitator = member(ProjectRole.FACILITATOR)
    lead_client.force_login(facilitator)
    assert lead_client.get(_url("transcript_detail", interview)).status_code == 403

    lead_client.force_login(project.memberships.get(role=ProjectRole.LEAD).user)
    page = lead_client.get(_url("transcript_redact", interview)).text
    assert "ffion@example.org" in page
    for redaction in transcript.redactions.all():
        lead_client.post(_url("redaction_decide", interview, redaction_id=redaction.pk), {"accept": "yes"})
    lead_client.post(_url("transcript_redact", interview), {"words": "Brookvale", "replacement": "[a town]"})
    done = lead_client.post(_url("transcript_done", interview))

    assert done.status_code == 302
    lead_client.force_login(facilitator)
    text = lead_client.get(_url("transcript_detail", interview)).text
    assert "[a town]" in text and "Brookvale" not in text and "ffion@example.org" not in text
    assert "P07" in text


def test_broken_upload_shows_the_problem_and_saves_nothing(lead_client, interview):
    upload = SimpleUploadedFile("p07.vtt", b"WEBVTT\n\nno cues here\n")

    response = lead_client.post(_url("transcript_upload", interview), {"file": upload})

    assert response.status_code == 200 and "There is a problem" in response.text
    assert not Transcript.objects.exists()


def test_a_word_file_that_unzips_to_300_mb_is_refused_and_nothing_is_stored(lead_client, interview):
    # given a 0.3 MB "Word document" that unzips to 300 MB
    upload = SimpleUploadedFile("p07.docx", word_bomb(300))

    # when it is uploaded as the transcript
    response = lead_client.post(_url("transcript_upload", interview), {"file": upload})

    # then the page says which limit it is over, and no transcript is stored
    assert response.status_code == 200 and "There is a problem" in response.text
    assert "The file expands to more than 50 MB when unzipped" in response.text
    assert not Transcript.objects.exists()


def test_the_transcript_page_says_how_much_of_the_text_has_a_speaker(lead_client, interview):
    # given a committee record whose headings and procedural lines belong to no speaker
    record = (
        "Examination of witnesses\n\nQ1 Chair: Welcome, Ffion Quillfeather.\n\n"
        "Ffion Quillfeather: Thank you for having me here today.\n\nQuestion put and agreed to.\n"
    )
    upload = SimpleUploadedFile("p07.txt", record.encode())
    assert lead_client.post(_url("transcript_upload", interview), {"file": upload}).status_code == 302
    # when the lead opens the transcript
    page = lead_client.get(_url("transcript_detail", interview)).text
    # then it says what share of the text is under a speaker label (63 of 114 characters), rounded down
    assert "Speaker labels in the file cover 55% of the text; the rest" in page


def test_the_transcript_page_says_when_the_file_had_no_speaker_labels(lead_client, interview):
    upload = SimpleUploadedFile("p07.txt", b"We run the food bank.\n\nThe council helps.\n")
    assert lead_client.post(_url("transcript_upload", interview), {"file": upload}).status_code == 302
    page = lead_client.get(_url("transcript_detail", interview)).text
    assert "The file has no speaker labels" in page
