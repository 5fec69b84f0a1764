"""Replacing a transcript with a corrected file, keeping the codings and redactions whose words are unchanged.

The page first shows the plan (selectors/replacing.py) and carries its version: the transcript as it stood
and the file. Confirming works the plan out again inside a lock and changes nothing when the version differs.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from coproduce.accounts.models import User

from ..models import Redaction, Transcript, TranscriptTurn
from ..selectors.replacing import ReplacePlan, transcript_replace_plan
from .names import names_look_start, transcript_audit
from .speakers import speakers_guess, turns_from_guess

CHANGED = (
    "The transcript changed after the preview was made, so nothing has been replaced. "
    "Check the new preview and confirm again."
)


@transaction.atomic
def transcript_replace(
    *,
    transcript: Transcript,
    by: User,
    data: bytes,
    filename: str,
    version: str,
    interviewer_names: tuple[str, ...] = (),
) -> ReplacePlan:
    """Put the new file's text, turns and speakers in place of the old; returns the plan it carried out."""
    locked = Transcript.objects.select_for_update().select_related("interview").get(pk=transcript.pk)
    plan = transcript_replace_plan(transcript=locked, data=data, filename=filename)
    if plan.version != version:
        raise ValidationError(CHANGED, code="stale")
    _redactions_move(locked, plan)
    locked.filename, locked.format = filename[:255], plan.parsed.format
    locked.original_text, locked.text, locked.offset_map = (
        plan.parsed.text,
        plan.text,
        plan.offset_map.as_list(),
    )
    locked.speakers_confirmed_at = locked.redaction_done_at = None
    locked.names_pending_since = timezone.now()
    locked.save()
    _turns_replace(locked, plan, interviewer_names)
    _codings_move(locked, plan)
    changes = {"format": plan.parsed.format, "turns": len(plan.parsed.turns), "codings_kept": len(plan.kept),
               "codings_dropped": len(plan.lost), "redactions_dropped": plan.redactions_lost}  # fmt: skip
    transcript_audit(locked, by, "interviews.transcript.replaced", changes)
    names_look_start(transcript=locked, by=by, restore_mark=None)
    return plan


def _redactions_move(transcript: Transcript, plan: ReplacePlan) -> None:
    Redaction.objects.filter(pk__in=[pk for pk, span in plan.redactions.items() if span is None]).delete()
    spans = {pk: span for pk, span in plan.redactions.items() if span is not None}
    _spans_move(Redaction.objects.filter(pk__in=spans), spans, _past(transcript, plan))


def _turns_replace(transcript: Transcript, plan: ReplacePlan, interviewer_names: tuple[str, ...]) -> None:
    transcript.turns.all().delete()
    speakers = speakers_guess(
        interview=transcript.interview, parsed=plan.parsed, interviewer_names=interviewer_names
    )
    turns = turns_from_guess(transcript=transcript, parsed=plan.parsed, speakers=speakers)
    for turn in turns:
        turn.start, turn.end = plan.offset_map.span_to_redacted(turn.original_start, turn.original_end)
    TranscriptTurn.objects.bulk_create(turns)


def _codings_move(transcript: Transcript, plan: ReplacePlan) -> None:
    """Codings belong to the analysis app; they are reached through the transcript, which they point to."""
    transcript.codings.filter(pk__in=[coding.pk for coding in plan.lost]).delete()
    kept = {coding.pk: coding.moved_to for coding in plan.kept if coding.moved_to is not None}
    _spans_move(transcript.codings.filter(pk__in=kept), kept, _past(transcript, plan))


def _past(transcript: Transcript, plan: ReplacePlan) -> int:
    """An offset past the end of every text, old and new: no span stands there."""
    return len(transcript.original_text) + len(transcript.text) + len(plan.parsed.text) + len(plan.text) + 1


def _spans_move(rows: QuerySet[Any], spans: dict[int, tuple[int, int]], past: int) -> None:
    """Move each row to its new span. A span may be where another row stood (spans are unique per
    transcript), so every row first moves past the end of the texts, where no two can meet."""
    rows.update(start=F("start") + past, end=F("end") + past)
    moved = list(rows)
    for row in moved:
        row.start, row.end = spans[row.pk]
    rows.model.objects.bulk_update(moved, ["start", "end"])
