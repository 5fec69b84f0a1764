import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.core.models import AuditEvent
from coproduce.interviews.models import InterviewStatus, RedactionStatus, SpeakerRole, Transcript
from coproduce.interviews.services.guides import (
    topic_guide_create,
    topic_guide_new_version,
    topic_guide_publish,
    topic_question_add,
)
from coproduce.interviews.services.interviews import ConsentMissing, interview_create, interview_record
from coproduce.interviews.services.transcripts import (
    redaction_add_words,
    redaction_decide,
    transcript_import,
    transcript_redaction_finish,
    transcripts_retention_apply,
)
from coproduce.people.models import RecruitmentStatus
from coproduce.people.tests.factories import StakeholderFactory

TRANSCRIPT = (
    "Interviewer: Thanks for joining. What does your group do?\n"
    "Ffion Quillfeather: We run the Brookvale food bank, café included. Email me at ffion@example.org.\n"
    "Interviewer: Who do you work with at the council?\n"
    "Ffion Quillfeather: Mostly the early help team in B15 2TT. Ffion's phone is 07700 900123.\n"
)


@pytest.fixture
def person(project):
    return StakeholderFactory(
        project=project,
        full_name="Ffion Quillfeather",
        code="P07",
        recruitment_status=RecruitmentStatus.CONSENTED,
    )


@pytest.fixture
def interview(project, lead, person):
    return interview_create(project=project, by=lead, stakeholder=person, scheduled_for=timezone.now())


def _consent(person, lead, *scopes):
    consent_record(
        stakeholder=person,
        form=None,
        scopes=scopes,
        kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER,
        by=lead,
    )


def test_recording_an_interview_needs_consent_and_says_why(interview, lead, person):
    with pytest.raises(ConsentMissing, match="P07 has not given consent to take part in an interview"):
        interview_record(interview=interview, by=lead, status=InterviewStatus.DONE)
    _consent(person, lead, ConsentScope.INTERVIEW)
    with pytest.raises(ConsentMissing, match="audio-recorded"):
        interview_record(interview=interview, by=lead, status=InterviewStatus.DONE, recorded=True)

    interview_record(interview=interview, by=lead, status=InterviewStatus.DONE, duration_minutes=45)

    interview.refresh_from_db()
    person.refresh_from_db()
    assert interview.status == InterviewStatus.DONE and not interview.recorded
    assert person.recruitment_status == RecruitmentStatus.INTERVIEWED


def test_withdrawn_consent_stops_a_transcript(interview, lead, person):
    _consent(person, lead, ConsentScope.INTERVIEW)
    consent_record(
        stakeholder=person,
        form=None,
        scopes=[ConsentScope.INTERVIEW],
        kind=ConsentKind.WITHDRAWN,
        method=ConsentMethod.PAPER,
        by=lead,
    )

    with pytest.raises(ConsentMissing):
        transcript_import(interview=interview, by=lead, data=TRANSCRIPT.encode(), filename="p07.txt")
    assert not Transcript.objects.exists()


def test_import_parses_turns_and_suggests_redactions(interview, lead, person):
    _consent(person, lead, ConsentScope.INTERVIEW)

    transcript = transcript_import(
        interview=interview, by=lead, data=TRANSCRIPT.encode(), filename="p07.txt", interviewer_names=()
    )

    turns = list(transcript.turns.all())
    assert len(turns) == 4
    assert {t.role for t in turns if t.speaker == "Interviewer"} == {SpeakerRole.INTERVIEWER}
    assert transcript.text[turns[1].start : turns[1].end].startswith("We run the Brookvale food bank")
    kinds = {r.kind for r in transcript.redactions.all()}
    assert {"email", "phone", "postcode"} <= kinds
    assert AuditEvent.objects.filter(action="interviews.transcript.imported").exists()


def test_a_broken_file_saves_nothing(interview, lead, person):
    _consent(person, lead, ConsentScope.INTERVIEW)

    with pytest.raises(ValidationError, match=r"p07\.docx"):
        transcript_import(interview=interview, by=lead, data=b"not a word file", filename="p07.docx")
    assert not Transcript.objects.exists()


def test_redactions_change_the_working_text_and_keep_turns_aligned(interview, lead, person):
    _consent(person, lead, ConsentScope.INTERVIEW)
    transcript = transcript_import(interview=interview, by=lead, data=TRANSCRIPT.encode(), filename="p07.txt")

    for redaction in transcript.redactions.all():
        redaction_decide(redaction=redaction, by=lead, accept=redaction.kind != "postcode")
    count = redaction_add_words(
        transcript=transcript, by=lead, words="brookvale food  bank", replacement="[a food bank]"
    )

    transcript.refresh_from_db()
    assert count == 1
    assert "ffion@example.org" not in transcript.text and "07700 900123" not in transcript.text
    assert "[a food bank]" in transcript.text and "B15 2TT" in transcript.text
    assert "ffion@example.org" in transcript.original_text
    for turn in transcript.turns.all():
        words = transcript.text[turn.start : turn.end]
        assert words and not words.startswith(("\n", " ")) and "Interviewer:" not in words
    second = transcript.turns.get(order=2)
    assert transcript.text[second.start : second.end].startswith("We run the [a food bank]")
    transcript_redaction_finish(transcript=transcript, by=lead)
    assert transcript.redaction_done_at is not None


def test_finishing_needs_every_suggestion_decided(interview, lead, person):
    _consent(person, lead, ConsentScope.INTERVIEW)
    transcript = transcript_import(interview=interview, by=lead, data=TRANSCRIPT.encode(), filename="p07.txt")
    assert transcript.redactions.filter(status=RedactionStatus.SUGGESTED).exists()

    with pytest.raises(ValidationError):
        transcript_redaction_finish(transcript=transcript, by=lead)


def test_published_guides_are_fixed_and_new_versions_copy_them(project, lead):
    guide = topic_guide_create(project=project, by=lead, title="Working across sectors")
    with pytest.raises(ValidationError):
        topic_guide_publish(guide=guide, by=lead)
    topic_question_add(guide=guide, by=lead, text="Who do you work with?", probes="Council? Funders?")
    topic_guide_publish(guide=guide, by=lead)

    with pytest.raises(ValidationError):
        topic_question_add(guide=guide, by=lead, text="Another")
    draft = topic_guide_new_version(guide=guide, by=lead)

    assert draft.version == 2 and not draft.is_published
    assert list(draft.questions.values_list("text", flat=True)) == ["Who do you work with?"]
    with pytest.raises(ValidationError):
        topic_guide_new_version(guide=guide, by=lead)


def test_interviews_only_for_people_in_the_project(project, lead):
    stranger = StakeholderFactory()

    with pytest.raises(ValidationError):
        interview_create(
            project=project,
            by=lead,
            stakeholder=stranger,
            scheduled_for=timezone.now() + dt.timedelta(days=1),
        )


def test_retention_deletes_the_original_text_only(project, interview, lead, person):
    _consent(person, lead, ConsentScope.INTERVIEW)
    transcript = transcript_import(interview=interview, by=lead, data=TRANSCRIPT.encode(), filename="p07.txt")
    project.retention_until = timezone.localdate() - dt.timedelta(days=1)
    project.save()

    assert transcripts_retention_apply(today=timezone.localdate()) == 1
    transcript.refresh_from_db()
    assert transcript.original_text == "" and transcript.text
    assert all(r.original == "" for r in transcript.redactions.all())
    with pytest.raises(ValidationError):
        redaction_add_words(transcript=transcript, by=lead, words="Brookvale", replacement="[x]")


def test_erasing_a_person_removes_their_transcripts(project, interview, lead, person):
    from coproduce.consent.services import stakeholder_erase

    _consent(person, lead, ConsentScope.INTERVIEW)
    transcript_import(interview=interview, by=lead, data=TRANSCRIPT.encode(), filename="p07.txt")

    stakeholder_erase(stakeholder=person, by=lead)

    assert not Transcript.objects.exists()
    assert not AuditEvent.objects.filter(object_repr__icontains="Quillfeather").exists()
