"""Applying codes to spans of transcripts, removing them, and keeping them on their words as text changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.interviews.models import Transcript
from coproduce.interviews.offsets import TextMove
from coproduce.projects.permissions import may_remove_coding
from coproduce.projects.selectors import member_role

from ..models import Code, Coding


@transaction.atomic
def coding_create(
    *, transcript: Transcript, code: Code, by: User, start: int, end: int, suggested_by_model: str = ""
) -> Coding:
    """Code `transcript.text[start:end]`; the same coder coding the same span twice changes nothing."""
    if code.project_id != transcript.interview.project_id or code.merged_into_id is not None:
        raise ValidationError("Choose a code from this project's codebook")
    text = transcript.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not 0 <= start < end <= len(text):
        raise ValidationError("Select some words to code")
    coding, created = Coding.objects.get_or_create(
        transcript=transcript,
        code=code,
        start=start,
        end=end,
        coder=by,
        defaults={"snippet": text[start:end], "suggested_by_model": suggested_by_model},
    )
    if created:
        audit_record(
            action="analysis.coding.created",
            by=by,
            obj=coding,
            project_id=code.project_id,
            changes={"code": code.pk, "start": start, "end": end, "model": suggested_by_model},
        )
    return coding


@transaction.atomic
def coding_delete(*, coding: Coding, by: User) -> None:
    """Remove a coding: PermissionDenied unless `by` may (projects.permissions.may_remove_coding)."""
    role = member_role(project_id=coding.code.project_id, user=by)
    if not may_remove_coding(role=role, user_id=by.pk, coder_id=coding.coder_id):
        raise PermissionDenied(
            "Only the project lead can remove someone else's coding"
            if role is not None and role.can_code()
            else "Your role cannot remove codings in this project"
        )
    audit_record(
        action="analysis.coding.deleted",
        by=by,
        obj=coding,
        project_id=coding.code.project_id,
        changes={"code": coding.code_id, "start": coding.start, "end": coding.end},
    )
    coding.delete()


def codings_follow_text(transcript: Transcript, move: TextMove) -> None:
    """Move every coding of `transcript` to where its words stand in the new pseudonymised text, and delete
    those whose words are gone (the transcript was replaced by a file that changed them).

    Registered with the interviews app (`interviews.offsets`), which calls it in the transaction that
    changes the text. A coding may move to where another stood (spans are unique per transcript and code),
    so every one first moves past the end of both texts, where no two can meet."""
    codings = list(Coding.objects.filter(transcript=transcript))
    moved = [(coding, move.span(coding.start, coding.end)) for coding in codings]
    Coding.objects.filter(pk__in=[coding.pk for coding, span in moved if span is None]).delete()
    kept = [coding for coding, span in moved if span is not None]
    past = {"start": F("start") + move.past, "end": F("end") + move.past}
    Coding.objects.filter(pk__in=[coding.pk for coding in kept]).update(**past)
    for coding, span in moved:
        if span is not None:
            coding.start, coding.end = span
            coding.snippet = transcript.text[coding.start : coding.end]
    Coding.objects.bulk_update(kept, ["start", "end", "snippet"])
