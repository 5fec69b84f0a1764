"""Replacing a transcript with a corrected file, keeping the codings and redactions whose words are unchanged.

The page first shows the plan (selectors/replacing.py) and carries its version: the transcript as it stood
and the file. The file is kept in the database until the confirmation (`TranscriptReplacement`, half an hour),
so any web process can carry it out. Confirming works the plan out again inside a lock and changes nothing
when the version differs. Other apps' spans in the text (codings) move through `interviews.offsets`.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import upload_keep

from ..models import Redaction, Transcript, TranscriptReplacement, TranscriptTurn
from ..offsets import TextMove, spans_follow
from ..selectors.replacing import ReplacePlan, transcript_replace_plan
from .names import names_look_start, transcript_audit
from .speakers import speakers_guess, turns_from_guess

# Between the preview and the confirmation.
REPLACEMENT_LIFETIME = datetime.timedelta(minutes=30)
EXPIRED = "The preview is more than half an hour old, so the file was not kept. Choose it again."
CHANGED = (
    "The transcript changed after the preview was made, so nothing has been replaced. "
    "Check the new preview and confirm again."
)


@transaction.atomic
def transcript_replacement_keep(
    *, transcript: Transcript, by: User, data: bytes, filename: str, interviewer_names: tuple[str, ...] = ()
) -> TranscriptReplacement:
    """Keep a corrected file `by` chose for `transcript` until they confirm the preview, in place of any file
    they chose for it before."""
    TranscriptReplacement.objects.filter(transcript=transcript, created_by=by).delete()
    return upload_keep(
        model=TranscriptReplacement,
        filename=filename,
        raw=data,
        lifetime=REPLACEMENT_LIFETIME,
        by=by,
        action="interviews.transcript.replacement_kept",
        project_id=transcript.interview.project_id,
        transcript=transcript,
        interviewer_names=list(interviewer_names),
    )


@transaction.atomic
def transcript_replacement_confirm(
    *, replacement: TranscriptReplacement, by: User, version: str
) -> ReplacePlan:
    """Put the kept file in place of its transcript (`transcript_replace`), then forget the file. A file
    already used, or expired, is refused (ValidationError, code "expired") and nothing changes."""
    kept = TranscriptReplacement.objects.select_for_update().filter(pk=replacement.pk).first()
    if kept is None or kept.expires_at <= timezone.now():
        raise ValidationError(EXPIRED, code="expired")
    plan = transcript_replace(
        transcript=kept.transcript, by=by, data=bytes(kept.raw), filename=kept.filename, version=version,
        interviewer_names=tuple(kept.interviewer_names),
    )  # fmt: skip
    kept.delete()
    return plan


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
    move = TextMove(span=plan.working.span, past=len(locked.text) + len(plan.text) + 1)
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
    spans_follow(locked, move)
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
