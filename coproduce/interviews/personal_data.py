"""What the interviews app holds about a person: their interviews and the transcripts of them.

Erasing a person deletes their interviews; their transcripts (both texts), speaker turns and redactions go
with them, and so do the codings, quotes and memos made on those transcripts. What they said in other
people's interviews (a group interview, say) stays in those transcripts, pseudonymised, but is no longer
theirs: those turns become "someone else", neither quoted nor counted as theirs.
"""

from coproduce.consent.registry import Field, PersonalDataSource, Record, day_words, register_personal_data
from coproduce.people.models import Stakeholder

from .models import (
    Interview,
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


def _transcript_fields(transcript: Transcript) -> tuple[Field, ...]:
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


def interviews_export(stakeholder: Stakeholder) -> list[Record]:
    interviews = Interview.objects.filter(stakeholder=stakeholder).select_related("transcript")
    records = []
    for interview in interviews:
        transcript = getattr(interview, "transcript", None)
        records.append(
            Record(
                title=f"Interview on {day_words(interview.scheduled_for)}",
                fields=(
                    Field("scheduled_for", "Date and time", interview.scheduled_for),
                    Field("mode", "How", interview.get_mode_display()),
                    Field("place", "Place or call link", interview.place),
                    Field("status", "Status", interview.get_status_display()),
                    Field("minutes", "Length in minutes", interview.duration_minutes),
                    Field("recorded", "Audio recorded", interview.recorded),
                    Field("notes", "Our notes about the interview", interview.notes, words=True),
                    *(_transcript_fields(transcript) if transcript else ()),
                ),
            )
        )
    return [*records, *_said_elsewhere(stakeholder)]


def _said_elsewhere(stakeholder: Stakeholder) -> list[Record]:
    """What the person said in other people's interviews, as the pseudonymised transcript has it."""
    turns = (
        TranscriptTurn.objects.filter(stakeholder=stakeholder)
        .exclude(transcript__interview__stakeholder=stakeholder)
        .select_related("transcript__interview")
        .order_by("transcript__interview__scheduled_for", "order")
    )
    return [
        Record(
            title=f"What you said in an interview on {day_words(t.transcript.interview.scheduled_for)}",
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


def interviews_erase(stakeholder: Stakeholder) -> None:
    Interview.objects.filter(stakeholder=stakeholder).delete()
    TranscriptTurn.objects.filter(stakeholder=stakeholder).update(role=SpeakerRole.OTHER, stakeholder=None)


def interviews_personal_data_register() -> None:
    register_personal_data(
        PersonalDataSource(
            key="interviews",
            label="Your interviews",
            about="The interviews we arranged or held with you, and the transcripts of what was said.",
            models=(Interview, Transcript, TranscriptTurn, Redaction, TranscriptReplacement),
            export=interviews_export,
            erase=interviews_erase,
        )
    )
