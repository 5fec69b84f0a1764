"""Memos: a researcher's notes on a code, a transcript, one coded segment or the project as a whole."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.interviews.models import Transcript
from coproduce.projects.models import Project

from ..models import Code, Coding, Memo


def _check(
    project: Project, text: str, code: Code | None, transcript: Transcript | None, coding: Coding | None
) -> None:
    if not text.strip():
        raise ValidationError({"text": "Enter the memo"})
    if code is not None and (code.project_id != project.pk or code.merged_into_id is not None):
        raise ValidationError("Choose a code from this project's codebook")
    if transcript is not None and transcript.interview.project_id != project.pk:
        raise ValidationError("Choose a transcript of this project")
    if coding is not None and coding.code.project_id != project.pk:
        raise ValidationError("Choose a coded segment of this project")


def _target(memo: Memo) -> dict[str, int | None]:
    return {"code": memo.code_id, "transcript": memo.transcript_id, "coding": memo.coding_id}


@transaction.atomic
def memo_create(
    *,
    project: Project,
    by: User,
    text: str,
    title: str = "",
    code: Code | None = None,
    transcript: Transcript | None = None,
    coding: Coding | None = None,
) -> Memo:
    """A memo on a code, a transcript or a coding (or, with none of them, on the project)."""
    _check(project, text, code, transcript, coding)
    memo = Memo.objects.create(
        project=project, code=code, transcript=transcript, coding=coding, title=title, text=text, author=by
    )
    audit_record(
        action="analysis.memo.created",
        by=by,
        obj=memo,
        project_id=project.pk,
        object_repr="memo",
        changes=_target(memo),
    )
    return memo


@transaction.atomic
def memo_update(*, memo: Memo, by: User, text: str, title: str = "", version: str | None = None) -> Memo:
    if not text.strip():
        raise ValidationError({"text": "Enter the memo"})
    changed = fields_assign(memo, {"text": text, "title": title}, version=version)
    if changed:
        memo.save(update_fields=[*changed, "updated_at"])
        audit_record(
            action="analysis.memo.updated",
            by=by,
            obj=memo,
            project_id=memo.project_id,
            object_repr="memo",
            changes={"fields": changed, **_target(memo)},
        )
    return memo
