"""Importing a transcript, and pseudonymising it: suggested redactions a researcher accepts or rejects.

The import parses the file, saves its turns and guesses its speakers in the request; the names to suggest
redacting are looked for by a job (services/names.py)."""

import datetime
from functools import partial
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentScope
from coproduce.core.services import audit_record

from ..formats import TranscriptProblem, parse_transcript
from ..models import Interview, Redaction, RedactionStatus, Transcript, TranscriptTurn
from ..offsets import TextMove, spans_follow
from ..redaction import (
    OffsetMap,
    Suggestion,
    apply_redactions,
    same_words,
    undecided_message,
    words_pattern,
)
from ..selectors.redactions import transcript_offset_map
from .interviews import interview_consent_require
from .names import names_look_start, names_require_found
from .names import transcript_audit as _audit
from .speakers import speakers_guess, turns_from_guess


@transaction.atomic
def transcript_import(
    *, interview: Interview, by: User, data: bytes, filename: str, interviewer_names: tuple[str, ...] = ()
) -> Transcript:
    """Parse a transcript file into the interview; raises ValidationError (nothing saved) when it cannot."""
    scopes = (
        (ConsentScope.INTERVIEW, ConsentScope.AUDIO_RECORDING)
        if interview.recorded
        else (ConsentScope.INTERVIEW,)
    )
    what = "focus group" if interview.is_focus_group else "interview"
    interview_consent_require(interview=interview, scopes=scopes, doing=f"add a transcript of this {what}")
    if Transcript.objects.filter(interview=interview).exists():
        raise ValidationError(
            "This interview already has a transcript. Replace or remove it from the interview page before "
            "importing another."
        )
    try:
        parsed = parse_transcript(data=data, filename=filename)
    except TranscriptProblem as problem:
        raise ValidationError(f"{filename}: {problem}") from None
    transcript = Transcript.objects.create(
        interview=interview,
        filename=filename[:255],
        format=parsed.format,
        original_text=parsed.text,
        text=parsed.text,
        imported_by=by,
        names_pending_since=timezone.now(),
    )
    speakers = speakers_guess(interview=interview, parsed=parsed, interviewer_names=interviewer_names)
    TranscriptTurn.objects.bulk_create(
        turns_from_guess(transcript=transcript, parsed=parsed, speakers=speakers)
    )
    audit_record(
        action="interviews.transcript.imported",
        by=by,
        obj=transcript,
        project_id=interview.project_id,
        object_repr=interview.stakeholder.code,
        changes={"format": parsed.format, "turns": len(parsed.turns)},
    )
    names_look_start(transcript=transcript, by=by, restore_mark=None)
    return transcript


def _accepted(
    transcript: Transcript, by: User, start: int, end: int, replacement: str, kind: str
) -> Redaction:
    """A researcher's own redaction of `original_text[start:end]`, accepted at once."""
    redaction, _ = Redaction.objects.update_or_create(
        transcript=transcript,
        start=start,
        end=end,
        defaults={
            "original": transcript.original_text[start:end][:500],
            "kind": kind,
            "replacement": replacement.strip()[:100] or "[redacted]",
            "reason": "Added by a researcher",
            "status": RedactionStatus.ACCEPTED,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    return redaction


def _rebuild(transcript: Transcript) -> None:
    """Apply the accepted redactions to the original text; move turns and other apps' offsets to match."""
    accepted = [
        Suggestion(r.start, r.end, transcript.original_text[r.start : r.end], r.kind, r.replacement, r.reason)
        for r in transcript.redactions.filter(status=RedactionStatus.ACCEPTED).order_by("start")
    ]
    old_map, old_text = transcript_offset_map(transcript=transcript), transcript.text
    text, new_map = apply_redactions(transcript.original_text, accepted)
    transcript.text, transcript.offset_map = text, new_map.as_list()
    transcript.save(update_fields=["text", "offset_map", "updated_at"])
    turns = list(transcript.turns.all())
    for turn in turns:
        turn.start, turn.end = new_map.span_to_redacted(turn.original_start, turn.original_end)
    TranscriptTurn.objects.bulk_update(turns, ["start", "end"])
    # Other apps' spans keep their words: each goes where its original words now stand (never empty).
    past = len(old_text) + len(text) + 1
    spans_follow(transcript, TextMove(span=partial(_redacted_span, old_map, new_map), past=past))


def _redacted_span(old_map: OffsetMap, new_map: OffsetMap, start: int, end: int) -> tuple[int, int]:
    new_start, new_end = new_map.span_to_redacted(*old_map.span_to_original(start, end))
    return new_start, max(new_end, new_start + 1)


def _editable(transcript: Transcript) -> None:
    if transcript.original_cleared_at is not None:
        raise ValidationError(
            "The original text has been deleted under the retention policy, so redactions are fixed"
        )


@transaction.atomic
def redaction_decide(*, redaction: Redaction, by: User, accept: bool) -> Redaction:
    transcript = Transcript.objects.select_for_update().get(pk=redaction.transcript_id)
    _editable(transcript)
    redaction.status = RedactionStatus.ACCEPTED if accept else RedactionStatus.REJECTED
    redaction.decided_by, redaction.decided_at = by, timezone.now()
    redaction.save(update_fields=["status", "decided_by", "decided_at"])
    _rebuild(transcript)
    _audit(transcript, by, _DECIDED[accept], {"kind": redaction.kind})
    return redaction


@transaction.atomic
def redaction_add(
    *, transcript: Transcript, by: User, start: int, end: int, replacement: str, kind: str = "other"
) -> Redaction:
    """Redact `start:end` of the working text (offsets as the researcher sees them), accepted at once."""
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    _editable(transcript)
    if not 0 <= start < end <= len(transcript.text):
        raise ValidationError("Select the words to redact")
    current = transcript_offset_map(transcript=transcript)
    original_start, original_end = current.span_to_original(start, end)
    overlapping = transcript.redactions.filter(start__lt=original_end, end__gt=original_start)
    if overlapping.filter(status=RedactionStatus.ACCEPTED).exists():
        raise ValidationError("Part of this selection is already redacted")
    pending = overlapping.filter(status=RedactionStatus.SUGGESTED)
    if pending.exclude(start=original_start, end=original_end).exists():
        raise ValidationError(
            "Part of this selection is a suggestion still to check: redact or keep it first"
        )
    redaction = _accepted(transcript, by, original_start, original_end, replacement, kind)
    _rebuild(transcript)
    _audit(transcript, by, "interviews.redaction.added", {"kind": kind})
    return redaction


UndecidedChoice = Literal["refuse", "redact", "keep"]
_DECIDED = {True: "interviews.redaction.accepted", False: "interviews.redaction.rejected"}


@transaction.atomic
def transcript_redaction_finish(
    *, transcript: Transcript, by: User, undecided: UndecidedChoice = "refuse"
) -> Transcript:
    """Mark pseudonymisation done: the working text is then shown to everyone on the team.

    Suggestions not yet decided stop it, unless the researcher confirms what happens to them: redact them
    all, or keep them all as written. Either way every suggestion is decided when the transcript is done.
    """
    Transcript.objects.select_for_update().only("pk").get(pk=transcript.pk)
    transcript.refresh_from_db()
    names_require_found(transcript=transcript)
    pending = transcript.redactions.filter(status=RedactionStatus.SUGGESTED)
    count = pending.count()
    if count and undecided == "refuse":
        raise ValidationError(undecided_message(count))
    if count:
        _editable(transcript)
        accept = undecided == "redact"
        pending.update(
            status=RedactionStatus.ACCEPTED if accept else RedactionStatus.REJECTED,
            decided_by=by,
            decided_at=timezone.now(),
        )
        if accept:
            _rebuild(transcript)
    transcript.redaction_done_at = timezone.now()
    transcript.save(update_fields=["redaction_done_at", "updated_at"])
    changes = {"undecided": count, "undecided_redacted": undecided == "redact"} if count else None
    _audit(transcript, by, "interviews.transcript.pseudonymised", changes)
    return transcript


@transaction.atomic
def redaction_add_words(*, transcript: Transcript, by: User, words: str, replacement: str) -> int:
    """Redact every place `words` appear (ignoring case) that is not redacted already; returns how many."""
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    _editable(transcript)
    needle = " ".join(words.split())
    if not needle:
        raise ValidationError({"words": "Enter the words to redact"})
    spans = _places(transcript, needle, avoid=(RedactionStatus.ACCEPTED, RedactionStatus.SUGGESTED))
    if not spans:
        raise ValidationError(
            {"words": f"“{needle}” is not in the transcript, is already redacted or is a suggestion to check"}
        )
    for start, end in spans:
        _accepted(transcript, by, start, end, replacement, "other")
    _rebuild(transcript)
    _audit(transcript, by, "interviews.redaction.added", {"places": len(spans)})
    return len(spans)


def _places(transcript: Transcript, words: str, *, avoid: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where `words` appear in the original text, leaving out places that overlap a redaction whose status is
    in `avoid`. A suggestion of exactly the same place does not count: redacting there decides it.

    So accepted redactions and suggestions never overlap, and accepting every suggestion is always possible.
    """
    taken = list(transcript.redactions.filter(status__in=avoid).values_list("start", "end", "status"))
    return [
        (m.start(), m.end())
        for m in words_pattern(words).finditer(transcript.original_text)
        if not any(
            s < m.end() and m.start() < e and (status != RedactionStatus.SUGGESTED or (s, e) != m.span())
            for s, e, status in taken
        )
    ]


@transaction.atomic
def redaction_decide_all(*, redaction: Redaction, by: User, accept: bool) -> int:
    """Redact (or keep) every occurrence of a suggestion's words; returns how many places were decided.

    Redacting also covers places where the words appear that were not suggested, unless they overlap
    another redaction or suggestion; each place keeps its own suggested stand-in, or takes this one's.
    """
    transcript = Transcript.objects.select_for_update().get(pk=redaction.transcript_id)
    _editable(transcript)
    pending = [
        r
        for r in transcript.redactions.filter(status=RedactionStatus.SUGGESTED)
        if same_words(r.original, redaction.original)
    ]
    status = RedactionStatus.ACCEPTED if accept else RedactionStatus.REJECTED
    Redaction.objects.filter(pk__in=[r.pk for r in pending]).update(
        status=status, decided_by=by, decided_at=timezone.now()
    )
    added = _places(transcript, redaction.original, avoid=tuple(RedactionStatus.values)) if accept else []
    for start, end in added:
        _accepted(transcript, by, start, end, redaction.replacement, redaction.kind)
    if accept:
        _rebuild(transcript)
    _audit(transcript, by, _DECIDED[accept], {"kind": redaction.kind, "places": len(pending) + len(added)})
    return len(pending) + len(added)


@transaction.atomic
def transcripts_retention_apply(*, today: datetime.date) -> int:
    """Delete the original (identifiable) text of transcripts in projects past their retention date.

    The pseudonymised text, its codings and quotes stay. Returns how many transcripts were cleared.
    """
    due = Transcript.objects.filter(
        interview__project__retention_until__lt=today, original_cleared_at__isnull=True
    ).select_related("interview__project")
    cleared = 0
    for transcript in due:
        transcript.original_text = ""
        transcript.original_cleared_at = timezone.now()
        transcript.save(update_fields=["original_text", "original_cleared_at", "updated_at"])
        transcript.redactions.update(original="")
        audit_record(
            action="interviews.transcript.original_deleted",
            by=None,
            obj=transcript,
            project_id=transcript.interview.project_id,
            actor_label="retention policy",
        )
        cleared += 1
    return cleared
