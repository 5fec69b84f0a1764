"""Who spoke each turn of a transcript: a first guess at import, and the researcher's answer.

Each distinct speaker label of a transcript is one of: a person in the project's register (the person
interviewed or anyone else in it), the interviewer, or someone else who is not in the register.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.versions import rows_lock
from coproduce.people.models import Stakeholder

from ..formats import ParsedTranscript, Turn, label_names, speaker_roles_guess
from ..models import UNNAMED_SPEAKER, Interview, SpeakerRole, Transcript, TranscriptTurn
from ..selectors.interviews import interview_participant_list
from ..selectors.speakers import SpeakerChoice, speaker_turns, speakers_current

INTERVIEWER = SpeakerChoice(SpeakerRole.INTERVIEWER)
SOMEONE_ELSE = SpeakerChoice(SpeakerRole.OTHER)
NO_LABEL = UNNAMED_SPEAKER


def _shown(choice: SpeakerChoice) -> str:
    """Who a speaker is, as the speakers page says it."""
    if choice.stakeholder is not None:
        name = choice.stakeholder.full_name
        return f"{choice.stakeholder.code} ({name})" if name else choice.stakeholder.code
    return (
        "The interviewer" if choice.role == SpeakerRole.INTERVIEWER else "Someone else, not in the register"
    )


def _team_names(interview: Interview) -> list[str]:
    """The names of the project's team, who are the interviewers when they speak."""
    return [
        name
        for name in interview.project.memberships.values_list("user__full_name", flat=True).distinct()
        if name
    ]


def speakers_guess(
    *, interview: Interview, parsed: ParsedTranscript, interviewer_names: tuple[str, ...] = ()
) -> dict[str, SpeakerChoice]:
    """A first answer for every label, for the researcher to confirm.

    A label naming a participant (the person interviewed, or anyone in a focus group: their name or code)
    is theirs; a label naming a team member, or such as "Interviewer" or "Q", is the interviewer; a label
    naming someone else in the register is that person. When exactly one participant is named by no label,
    the unnamed speaker who says the most is taken to be them. Any other speaker is someone else. Turns
    with no label are the person interviewed's when no turn has a label, and someone else's otherwise (and
    in a focus group).
    """
    roles = speaker_roles_guess(parsed, interviewer_names=(*interviewer_names, *_team_names(interview)))
    people = list(Stakeholder.objects.filter(project_id=interview.project_id).order_by("code"))
    participants = interview_participant_list(interview=interview)
    lengths = Counter[str]()
    for turn in parsed.turns:
        lengths[turn.speaker] += turn.end - turn.start
    choices: dict[str, SpeakerChoice] = {}
    unnamed: list[str] = []
    for label in lengths:
        if not label:
            alone = len(lengths) == 1 and len(participants) == 1
            choices[label] = (
                SpeakerChoice(SpeakerRole.PARTICIPANT, participants[0]) if alone else SOMEONE_ELSE
            )
        elif person := _named(label, participants):
            choices[label] = SpeakerChoice(SpeakerRole.PARTICIPANT, person)
        elif roles.get(label) != SpeakerRole.PARTICIPANT:
            choices[label] = SpeakerChoice(roles.get(label, SpeakerRole.OTHER))
        elif person := _named(label, people):
            choices[label] = SpeakerChoice(SpeakerRole.PARTICIPANT, person)
        else:
            unnamed.append(label)
    named = {choice.stakeholder for choice in choices.values()}
    if unnamed and len(left := [p for p in participants if p not in named]) == 1:
        most = max(unnamed, key=lambda label: lengths[label])
        choices[most] = SpeakerChoice(SpeakerRole.PARTICIPANT, left[0])
    choices.update({label: SOMEONE_ELSE for label in unnamed if label not in choices})
    return {label: choices[label] for label in lengths}


def speaker_guess_label(*, interview: Interview, label: str) -> SpeakerChoice:
    """A first answer for a label a researcher adds while correcting the turns, as at import: the person
    interviewed, the interviewer (a team member's name, or a word such as "Interviewer"), someone in the
    register it names, or else someone else."""
    if label and (taking_part := _named(label, interview_participant_list(interview=interview))):
        return SpeakerChoice(SpeakerRole.PARTICIPANT, taking_part)
    alone = ParsedTranscript(text=label, turns=(Turn(label, 0, len(label)),), format="edit")
    role = speaker_roles_guess(alone, interviewer_names=_team_names(interview)).get(label, SpeakerRole.OTHER)
    if role != SpeakerRole.PARTICIPANT:
        return SpeakerChoice(role)
    person = _named(label, list(Stakeholder.objects.filter(project_id=interview.project_id).order_by("code")))
    return SpeakerChoice(SpeakerRole.PARTICIPANT, person) if person else SOMEONE_ELSE


def _named(label: str, people: list[Stakeholder]) -> Stakeholder | None:
    """The first of `people` the label names (their code, or every word of their name), if any."""
    return next((p for p in people if label_names(label, name=p.full_name, code=p.code)), None)


def _check(transcript: Transcript, speakers: dict[str, SpeakerChoice]) -> None:
    labels = set(transcript.turns.values_list("speaker", flat=True))
    if set(speakers) != labels:
        raise ValidationError("Say who each speaker in this transcript is")
    for choice in speakers.values():
        if choice.role not in SpeakerRole.values:
            raise ValidationError("Choose a person in the register, the interviewer or someone else")
        in_register = choice.stakeholder is not None
        if in_register != (choice.role == SpeakerRole.PARTICIPANT):
            raise ValidationError("Choose a person in the register, the interviewer or someone else")
        if choice.stakeholder and choice.stakeholder.project_id != transcript.interview.project_id:
            raise ValidationError("Choose a person from this project's register")


@transaction.atomic
def transcript_speakers_set(
    *, transcript: Transcript, by: User, speakers: dict[str, SpeakerChoice], version: str | None = None
) -> Transcript:
    """Say who each speaker label is; every turn with that label follows. Marks the speakers confirmed.

    EditConflict, saving nothing, if someone changed the transcript's turns since `version` (the form's,
    of `speaker_turns`), naming each speaker they said is someone else."""
    _check(transcript, speakers)
    rows_lock(
        speaker_turns(transcript=transcript), version=version,
        values={label: _shown(choice) for label, choice in speakers.items()},
        saved=lambda: {label: _shown(now) for label, now in speakers_current(transcript=transcript).items()},
        labels={label: label or NO_LABEL for label in speakers},
    )  # fmt: skip
    for label, choice in speakers.items():
        transcript.turns.filter(speaker=label).update(role=choice.role, stakeholder=choice.stakeholder)
    transcript.speakers_confirmed_at = timezone.now()
    transcript.save(update_fields=["speakers_confirmed_at", "updated_at"])
    audit_record(
        action="interviews.transcript.speakers_set",
        by=by,
        obj=transcript,
        project_id=transcript.interview.project_id,
        object_repr=transcript.interview.stakeholder.code,
        changes={
            "people": sorted({c.stakeholder.code for c in speakers.values() if c.stakeholder}),
            "interviewer": sum(c.role == SpeakerRole.INTERVIEWER for c in speakers.values()),
            "someone_else": sum(c.role == SpeakerRole.OTHER for c in speakers.values()),
        },
    )
    return transcript


def turns_from_guess(
    *, transcript: Transcript, parsed: ParsedTranscript, speakers: dict[str, SpeakerChoice]
) -> list[TranscriptTurn]:
    """The parsed turns as rows, each with who spoke it (not saved)."""
    return [
        TranscriptTurn(
            transcript=transcript,
            order=n,
            speaker=turn.speaker[:200],
            role=speakers[turn.speaker].role,
            stakeholder=speakers[turn.speaker].stakeholder,
            start=turn.start,
            end=turn.end,
            original_start=turn.start,
            original_end=turn.end,
            timestamp_ms=turn.timestamp_ms,
        )
        for n, turn in enumerate(parsed.turns, start=1)
    ]
