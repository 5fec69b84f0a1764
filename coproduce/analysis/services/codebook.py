"""The codebook: create, edit, rename, move, merge and split codes, each step kept in the code's history."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..models import Code, CodeEvent, Coding

EDITABLE = ("name", "colour", "definition", "include_note", "exclude_note", "example", "level")


def _event(code: Code, action: str, by: User | None, **details: Any) -> None:
    CodeEvent.objects.create(code=code, action=action, by=by, details=details)
    audit_record(
        action=f"analysis.code.{action}",
        by=by,
        obj=code,
        project_id=code.project_id,
        object_repr=code.name,
        changes=details,
    )


def _unique(project_id: int, parent: Code | None, name: str, exclude: int | None = None) -> None:
    clash = Code.objects.filter(
        project_id=project_id, parent=parent, name__iexact=name, merged_into__isnull=True
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": f"There is already a code called {name} here"})


def _check_parent(project_id: int, parent: Code | None, code: Code | None = None) -> None:
    if parent is None:
        return
    if parent.project_id != project_id or parent.merged_into_id is not None:
        raise ValidationError({"parent": "Choose a code from this codebook"})
    ancestor: Code | None = parent
    while ancestor is not None:
        if code is not None and ancestor.pk == code.pk:
            raise ValidationError({"parent": "A code cannot go inside itself or its own sub-codes"})
        ancestor = ancestor.parent


@transaction.atomic
def code_create(
    *, project: Project, by: User | None, name: str, parent: Code | None = None, **values: Any
) -> Code:
    _check_parent(project.pk, parent)
    _unique(project.pk, parent, name)
    last = (
        Code.objects.filter(project=project, parent=parent).order_by("-order").values_list("order", flat=True)
    )
    code = Code.objects.create(
        project=project,
        parent=parent,
        name=name,
        order=(last.first() or 0) + 1,
        created_by=by,
        **{k: v for k, v in values.items() if k in EDITABLE},
    )
    _event(code, "created", by, name=name, parent=parent.pk if parent else None)
    return code


@transaction.atomic
def code_update(*, code: Code, by: User, version: str | None = None, **values: Any) -> Code:
    """Change a code's name, colour, definition, notes, example or level; a rename is kept in its history.

    `version` is the one the edit form was opened on: EditConflict if someone saved the code since.
    """
    old_name = code.name
    if "name" in values and values["name"] != code.name:
        _unique(code.project_id, code.parent, values["name"], exclude=code.pk)
    changed = fields_assign(code, {k: v for k, v in values.items() if k in EDITABLE}, version=version)
    code.full_clean(exclude=["project", "parent", "merged_into", "created_by"])
    code.save()
    if "name" in changed:
        _event(code, "renamed", by, old=old_name, new=code.name)
    if set(changed) - {"name"}:
        _event(code, "edited", by, fields=sorted(set(changed) - {"name"}))
    return code


@transaction.atomic
def code_move(*, code: Code, by: User, parent: Code | None) -> Code:
    _check_parent(code.project_id, parent, code)
    _unique(code.project_id, parent, code.name, exclude=code.pk)
    old = code.parent_id
    code.parent = parent
    code.save(update_fields=["parent", "updated_at"])
    _event(code, "moved", by, old_parent=old, new_parent=parent.pk if parent else None)
    return code


@transaction.atomic
def code_merge(*, code: Code, into: Code, by: User) -> Code:
    """Move the codings and sub-codes of `code` to `into`; `code` leaves the codebook, its history stays."""
    if code.pk == into.pk or code.project_id != into.project_id or into.merged_into_id is not None:
        raise ValidationError("Choose another code of this codebook to merge into")
    _check_parent(code.project_id, into, code)
    moved = 0
    for coding in Coding.objects.filter(code=code):
        duplicate = Coding.objects.filter(
            transcript_id=coding.transcript_id,
            code=into,
            start=coding.start,
            end=coding.end,
            coder_id=coding.coder_id,
        )
        if duplicate.exists():
            coding.delete()
        else:
            coding.code = into
            coding.save(update_fields=["code"])
            moved += 1
    Code.objects.filter(parent=code).update(parent=into)
    code.merged_into = into
    code.save(update_fields=["merged_into", "updated_at"])
    _event(code, "merged", by, into=into.pk, into_name=into.name, codings=moved)
    _event(into, "absorbed", by, merged=code.pk, merged_name=code.name, codings=moved)
    return into


@transaction.atomic
def code_split(*, code: Code, by: User, name: str, coding_ids: list[int]) -> Code:
    """A new sibling code taking the chosen codings of `code` (e.g. "Trust" split into two kinds of trust)."""
    new = code_create(
        project=code.project, by=by, name=name, parent=code.parent, colour=code.colour, level=code.level
    )
    chosen = Coding.objects.filter(code=code, pk__in=coding_ids)
    count = chosen.update(code=new)
    _event(code, "split", by, new=new.pk, new_name=name, codings=count)
    return new
