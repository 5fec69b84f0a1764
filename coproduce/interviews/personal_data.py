"""What the interviews app holds about a person: their interviews and the transcripts of them, and the
focus groups they took part in.

Erasing a person deletes their interviews; their transcripts (both texts), speaker turns and redactions go
with them, and so do the codings, quotes and memos made on those transcripts. A focus group is the other
participants' too: the person is taken off it (one filed under them is filed under the next participant by
code) and it is deleted only when nobody else is left. What they said in a focus group or in other people's
interviews stays in those transcripts, pseudonymised, but is no longer theirs: those turns become "someone
else", neither quoted nor counted as theirs.
"""

from django.db.models import QuerySet

from coproduce.consent.registry import Field, PersonalDataSource, Record, day_words, register_personal_data
from coproduce.people.models import Stakeholder

from .models import (
    Interview,
    InterviewKind,
    InterviewParticipant,
    Redaction,
    RedactionStatus,
    SpeakerRole,
    Transcript,
    TranscriptReplacement,
    TranscriptTurn,
)


def _speakers(transcript: Transcript) -> str:
    turns = transcript.turns.order_by("order").values_list("speaker", "role")
    seen = dict.fromkeys(f"{speaker} ({role})" for speaker, role in turns)
    return "; ".join(seen)


def _redactions(transcript: Transcript) -> str:
    accepted = transcript.redactions.filter(status=RedactionStatus.ACCEPTED).order_by("start")
    return "; ".join(f"{r.original} → {r.replacement}" for r in accepted)


def _transcript_fields(transcript: Transcript | None) -> tuple[Field, ...]:
    if transcript is None:
        return ()
    return (
        Field("transcript_imported_at", "Transcript added", transcript.created_at),
        Field("transcript_file", "Transcript file", transcript.filename),
        Field("speakers", "Speakers in the transcript", _speakers(transcript)),
        Field("redactions", "Words taken out to hide who is who", _redactions(transcript)),
        Field("original_deleted_at", "Original text deleted", transcript.original_cleared_at),
        Field("transcript", "The transcript, with names taken out", transcript.text, words=True),
        Field(
            "original_transcript",
            "The transcript as first typed up (kept until the project's retention date)",
            transcript.original_text,
            words=True,
        ),
    )


def _own_interviews(stakeholder: Stakeholder) -> QuerySet[Interview]:
    """The person's interviews: theirs alone (focus groups are the other participants' too)."""
    return Interview.objects.filter(stakeholder=stakeholder, kind=InterviewKind.INTERVIEW)


def _session_fields(interview: Interview) -> tuple[Field, ...]:
    what = "focus group" if interview.is_focus_group else "interview"
    return (
        Field("scheduled_for", "Date and time", interview.scheduled_for),
        Field("mode", "How", interview.get_mode_display()),
        Field("place", "Place or call link", interview.place),
        Field("status", "Status", interview.get_status_display()),
        Field("minutes", "Length in minutes", interview.duration_minutes),
        Field("recorded", "Audio recorded", interview.recorded),
        Field("notes", f"Our notes about the {what}", interview.notes, words=True),
    )


def interviews_export(stakeholder: Stakeholder) -> list[Record]:
    """Their interviews with the transcripts; the focus groups they took part in without the others' words
    (their own words there are in the records of what they said elsewhere)."""
    records = [
        Record(
            title=f"Interview on {day_words(interview.scheduled_for)}",
            fields=(*_session_fields(interview), *_transcript_fields(getattr(interview, "transcript", None))),
        )
        for interview in _own_interviews(stakeholder).select_related("transcript")
    ]
    groups = Interview.objects.filter(participations__stakeholder=stakeholder, kind=InterviewKind.FOCUS_GROUP)
    records += [
        Record(title=f"Focus group on {day_words(group.scheduled_for)}", fields=_session_fields(group))
        for group in groups.order_by("scheduled_for", "pk")
    ]
    return [*records, *_said_elsewhere(stakeholder)]


def _said_elsewhere(stakeholder: Stakeholder) -> list[Record]:
    """What the person said in focus groups and other people's interviews, as the pseudonymised transcript
    has it."""
    turns = (
        TranscriptTurn.objects.filter(stakeholder=stakeholder)
        .exclude(transcript__interview__in=_own_interviews(stakeholder))
        .select_related("transcript__interview")
        .order_by("transcript__interview__scheduled_for", "order")
    )
    return [
        Record(
            title=f"What you said in {_session(t.transcript.interview)}",
            fields=(
                Field(
                    "words",
                    "Your words, with names taken out",
                    t.transcript.text[t.start : t.end],
                    words=True,
                ),
            ),
        )
        for t in turns
    ]


def _session(interview: Interview) -> str:
    kind = "a focus group" if interview.kind == InterviewKind.FOCUS_GROUP else "an interview"
    return f"{kind} on {day_words(interview.scheduled_for)}"


def interviews_erase(stakeholder: Stakeholder) -> None:
    """Take the person off their focus groups, then delete their own interviews (and any focus group left
    with nobody); their words elsewhere become someone else's."""
    groups = Interview.objects.filter(participations__stakeholder=stakeholder, kind=InterviewKind.FOCUS_GROUP)
    for group in groups.select_for_update():
        others = group.participations.exclude(stakeholder=stakeholder).order_by("stakeholder__code").first()
        if others is not None and group.stakeholder_id == stakeholder.pk:
            Interview.objects.filter(pk=group.pk).update(stakeholder_id=others.stakeholder_id)
    InterviewParticipant.objects.filter(stakeholder=stakeholder).delete()
    Interview.objects.filter(stakeholder=stakeholder).delete()
    TranscriptTurn.objects.filter(stakeholder=stakeholder).update(role=SpeakerRole.OTHER, stakeholder=None)


def interviews_personal_data_register() -> None:
    register_personal_data(
        PersonalDataSource(
            key="interviews",
            label="Your interviews",
            about="The interviews we arranged or held with you, and the transcripts of what was said.",
            models=(
                Interview,
                InterviewParticipant,
                Transcript,
                TranscriptTurn,
                Redaction,
                TranscriptReplacement,
            ),
            export=interviews_export,
            erase=interviews_erase,
        )
    )
