"""Focus groups: several people from the register in one session with one transcript, each with their own
consent, and what erasing one of them does."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.registry import personal_data_sources
from coproduce.consent.services.erasure import stakeholder_erase
from coproduce.consent.services.events import consent_record
from coproduce.core.models import AuditEvent
from coproduce.core.versions import EditConflict, record_version
from coproduce.interviews.models import (
    Interview,
    InterviewKind,
    InterviewParticipant,
    InterviewStatus,
    SpeakerRole,
    Transcript,
)
from coproduce.interviews.selectors.interviews import (
    interview_list,
    interview_participant_list,
    interview_progress,
)
from coproduce.interviews.selectors.speakers import speakers_current
from coproduce.interviews.services.interviews import (
    ConsentMissing,
    focus_group_create,
    interview_create,
    interview_record,
    interview_update,
)
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.people.models import RecruitmentStatus
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# Fictional: a focus group of three people from the register, a facilitator, and one speaker unnamed.
FOCUS_GROUP = """Moderator: Welcome, everyone. How do your organisations work together?

Ffion Quillfeather: We run the food bank and the council's early help team sends families to us.

P08: From the clinic side, we refer people to the food bank every week.

Rhiannon Tull: At the housing office we hear about families only when it is too late.

Speaker 5: Can I just add something about the bus routes?
"""


def _consent(person, by, *scopes, kind=ConsentKind.GIVEN):
    consent_record(
        stakeholder=person, form=None, scopes=scopes or [ConsentScope.INTERVIEW], kind=kind,
        method=ConsentMethod.PAPER, by=by,
    )  # fmt: skip


@pytest.fixture
def people(project):
    return [
        StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather"),
        StakeholderFactory(project=project, code="P08", full_name="Olu Adeyemi"),
        StakeholderFactory(project=project, code="P09", full_name="Rhiannon Tull"),
    ]


@pytest.fixture
def group(project, lead, people):
    # chosen out of code order, to show the focus group is filed under the first by code
    return focus_group_create(
        project=project, by=lead, participants=[people[2], people[0], people[1]], scheduled_for=timezone.now()
    )


def _opened(interview):
    """The version an edit page opened now would carry."""
    return record_version(Interview.objects.get(pk=interview.pk))


def _codes(interview):
    return [person.code for person in interview_participant_list(interview=interview)]


def test_focus_group_create_keeps_every_participant_and_audits_their_codes(group, people):
    assert group.kind == InterviewKind.FOCUS_GROUP and group.stakeholder == people[0]
    assert _codes(group) == ["P07", "P08", "P09"]
    audit = AuditEvent.objects.get(action="interviews.focus_group.scheduled")
    assert audit.changes == {"participants": ["P07", "P08", "P09"]}
    assert "Ffion" not in str(audit.changes) and audit.object_repr == "P07"


@pytest.mark.parametrize("choose", ["one", "other_project"])
def test_focus_group_create_refuses_bad_participants_and_saves_nothing(project, lead, people, choose):
    stranger = StakeholderFactory(project=ProjectFactory(), code="P01")
    participants = [people[0]] if choose == "one" else [people[0], stranger]

    with pytest.raises(ValidationError) as refused:
        focus_group_create(project=project, by=lead, participants=participants, scheduled_for=timezone.now())

    assert refused.value.message_dict["participants"] == [
        "Choose at least two people for a focus group"
        if choose == "one"
        else "Choose people from this project's register"
    ]
    assert not Interview.objects.exists() and not InterviewParticipant.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="interviews.").exists()


def test_a_single_interview_has_its_person_as_its_one_participant(project, lead, people):
    interview = interview_create(
        project=project, by=lead, stakeholder=people[0], scheduled_for=timezone.now()
    )

    assert interview.kind == InterviewKind.INTERVIEW and _codes(interview) == ["P07"]
    assert str(interview).startswith("Interview with P07")


def test_an_interview_saved_without_participant_rows_has_its_person(project, people):
    interview = Interview.objects.create(project=project, stakeholder=people[1], scheduled_for=timezone.now())

    assert _codes(interview) == ["P08"]


def test_participants_change_and_the_group_is_filed_under_the_first(group, lead, people, project):
    p06 = StakeholderFactory(project=project, code="P06")

    interview_update(
        interview=group, by=lead, scheduled_for=group.scheduled_for, participants=[people[1], p06],
        version=_opened(group),
    )  # fmt: skip

    group.refresh_from_db()
    assert _codes(group) == ["P06", "P08"] and group.stakeholder == p06
    audit = AuditEvent.objects.get(action="interviews.interview.updated")
    assert audit.changes["added"] == ["P06"] and audit.changes["removed"] == ["P07", "P09"]


def test_participants_saved_meanwhile_are_not_overwritten(group, lead, people):
    opened = _opened(group)
    interview_update(
        interview=group, by=lead, scheduled_for=group.scheduled_for, participants=people[:2], version=opened
    )

    with pytest.raises(EditConflict) as conflict:
        interview_update(
            interview=group, by=lead, scheduled_for=group.scheduled_for, participants=people, version=opened
        )

    assert [(f.name, f.theirs, f.yours) for f in conflict.value.fields] == [
        ("participants", "P07, P08", "P07, P08, P09")
    ]
    assert _codes(group) == ["P07", "P08"]


def test_a_single_interview_cannot_take_several_participants(project, lead, people):
    interview = interview_create(
        project=project, by=lead, stakeholder=people[0], scheduled_for=timezone.now()
    )

    with pytest.raises(ValidationError, match="schedule a focus group instead"):
        interview_update(interview=interview, by=lead, scheduled_for=timezone.now(), participants=people)
    assert _codes(interview) == ["P07"]


def test_recording_a_focus_group_as_done_names_everyone_without_consent(group, lead, people):
    _consent(people[1], lead)

    with pytest.raises(ConsentMissing) as refused:
        interview_record(interview=group, by=lead, status=InterviewStatus.DONE)

    assert refused.value.message == (
        "You cannot record this focus group as done: P07 has not given consent to take part in an interview; "
        "P09 has not given consent to take part in an interview. Record their consent first."
    )
    group.refresh_from_db()
    assert group.status == InterviewStatus.PLANNED


def test_recording_a_focus_group_as_done_moves_everyone_to_interviewed(group, lead, people):
    for person in people:
        _consent(person, lead)

    interview_record(interview=group, by=lead, status=InterviewStatus.DONE)

    assert {p.code for p in people if _status(p) == RecruitmentStatus.INTERVIEWED} == {"P07", "P08", "P09"}


def _status(person):
    person.refresh_from_db()
    return person.recruitment_status


def test_a_transcript_needs_everyones_consent_and_says_who_is_missing(group, lead, people):
    _consent(people[0], lead)
    _consent(people[2], lead)
    Interview.objects.filter(pk=group.pk).update(status=InterviewStatus.DONE, recorded=True)
    group.refresh_from_db()
    _consent(people[2], lead, ConsentScope.AUDIO_RECORDING)

    with pytest.raises(ConsentMissing) as refused:
        transcript_import(interview=group, by=lead, data=FOCUS_GROUP.encode(), filename="group.txt")

    assert refused.value.message == (
        "You cannot add a transcript of this focus group: P07 has not given consent to have the interview "
        "audio-recorded; P08 has not given consent to take part in an interview and has not given consent "
        "to have the interview audio-recorded. Record their consent first."
    )
    assert not Transcript.objects.exists()


def _imported(group, lead, people):
    for person in people:
        _consent(person, lead)
    return transcript_import(interview=group, by=lead, data=FOCUS_GROUP.encode(), filename="group.txt")


def test_the_first_guess_maps_labels_to_any_participant(group, lead, people):
    transcript = _imported(group, lead, people)

    who = {
        label: (choice.role, choice.stakeholder.code if choice.stakeholder else "")
        for label, choice in speakers_current(transcript=transcript).items()
    }
    assert who == {
        "Moderator": (SpeakerRole.INTERVIEWER, ""),
        "Ffion Quillfeather": (SpeakerRole.PARTICIPANT, "P07"),
        "P08": (SpeakerRole.PARTICIPANT, "P08"),
        "Rhiannon Tull": (SpeakerRole.PARTICIPANT, "P09"),
        "Speaker 5": (SpeakerRole.OTHER, ""),
    }
    # every participant's turn names who spoke it, so no one's words are read as the person filed under
    assert not transcript.turns.filter(role=SpeakerRole.PARTICIPANT, stakeholder__isnull=True).exists()


def test_the_one_participant_no_label_names_is_the_unnamed_speaker_who_says_most(project, lead, people):
    group = focus_group_create(
        project=project, by=lead, participants=people[:2], scheduled_for=timezone.now()
    )
    text = "Moderator: Hello.\n\nFfion Quillfeather: Hello to you.\n\nSpeaker 3: Hello there, all of you.\n"
    for person in people[:2]:
        _consent(person, lead)

    transcript = transcript_import(interview=group, by=lead, data=text.encode(), filename="g.txt")

    assert speakers_current(transcript=transcript)["Speaker 3"].stakeholder == people[1]


def test_taking_off_someone_who_speaks_in_the_transcript_is_refused(group, lead, people):
    _imported(group, lead, people)

    with pytest.raises(ValidationError) as refused:
        interview_update(interview=group, by=lead, scheduled_for=group.scheduled_for, participants=people[:2])

    assert "P09 speaks in the transcript" in refused.value.message_dict["participants"][0]
    assert _codes(group) == ["P07", "P08", "P09"]


def test_someone_added_to_a_focus_group_done_needs_their_consent(group, lead, people, project):
    for person in people:
        _consent(person, lead)
    interview_record(interview=group, by=lead, status=InterviewStatus.DONE)
    newcomer = StakeholderFactory(project=project, code="P10")

    with pytest.raises(ConsentMissing, match="P10 has not given consent to take part"):
        interview_update(
            interview=group, by=lead, scheduled_for=group.scheduled_for, participants=[*people, newcomer]
        )
    assert _codes(group) == ["P07", "P08", "P09"]


def test_erasing_the_person_a_focus_group_is_filed_under_keeps_it_for_the_others(group, lead, people):
    transcript = _imported(group, lead, people)

    stakeholder_erase(stakeholder=people[0], by=lead)

    group.refresh_from_db()
    assert group.stakeholder == people[1] and _codes(group) == ["P08", "P09"]
    transcript.refresh_from_db()
    turns = {t.speaker: (t.role, t.stakeholder_id) for t in transcript.turns.all()}
    assert turns["Ffion Quillfeather"] == (SpeakerRole.OTHER, None)
    assert turns["P08"] == (SpeakerRole.PARTICIPANT, people[1].pk)
    assert interview_list(project=group.project, person=people[2]).get() == group


def test_erasing_everyone_in_a_focus_group_deletes_it(group, lead, people):
    _imported(group, lead, people)

    for person in people:
        stakeholder_erase(stakeholder=person, by=lead)

    assert not Interview.objects.exists() and not Transcript.objects.exists()


def test_a_participants_access_file_has_the_session_and_their_own_words_only(group, lead, people):
    _imported(group, lead, people)
    source = next(s for s in personal_data_sources() if s.key == "interviews")

    for person, own, others in (
        (people[0], "We run the food bank", "refer people"),  # the person it is filed under
        (people[2], "At the housing office", "We run the food bank"),
    ):
        records = source.export(person)
        text = repr(records)
        assert records[0].title.startswith("Focus group on")
        assert own in text and others not in text


def test_a_persons_interviews_include_the_focus_groups_they_took_part_in(project, lead, group, people):
    alone = interview_create(project=project, by=lead, stakeholder=people[1], scheduled_for=timezone.now())
    interview_create(project=project, by=lead, stakeholder=people[2], scheduled_for=timezone.now())

    assert set(interview_list(project=project, person=people[1])) == {group, alone}
    assert list(interview_list(project=project, person=people[0])) == [group]
    assert interview_list(project=project).count() == 3


def test_progress_by_sector_counts_each_focus_group_participant(project, lead, people):
    vcfse, public = (
        OrganisationFactory(project=project, sector=s) for s in (Sector.VCFSE, Sector.PUBLIC_SECTOR)
    )
    for person, organisation in zip(people, (vcfse, public, public), strict=True):
        person.organisation = organisation
        person.save()
    interview_create(project=project, by=lead, stakeholder=people[0], scheduled_for=timezone.now())
    focus_group_create(project=project, by=lead, participants=people, scheduled_for=timezone.now())
    Interview.objects.create(project=project, stakeholder=people[1], scheduled_for=timezone.now())

    planned = {row.sector: row.planned for row in interview_progress(project=project)}

    assert planned[Sector.VCFSE] == 2 and planned[Sector.PUBLIC_SECTOR] == 3
