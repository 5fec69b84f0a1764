"""The version check on edit forms: a change is saved only over the version of the record its editor saw.

An edit form carries the version of the record it was opened on (`form_version_track`, a hidden `version`
field). The update service locks the record's row, reloads it and compares (`record_lock`, also called by
`fields_assign`). If someone else saved the record in between, nothing is saved: `EditConflict` lists, for
each field that now differs, the value saved by the other person and the editor's, and the form is shown
again (`form_add_service_errors`) with the new version, so that saving again keeps the editor's values.

The version is a digest of the whole row, `updated_at` included, so any saved change counts, even one that
does not touch `updated_at`. A post without a version (from a script, not a page) is not checked.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import formats
from django.utils.text import capfirst

CONFLICT = "Someone else changed this record while you were editing it"
VERSION_FIELD = "version"
NEW = "new"  # the version of a record not saved yet: a form that will create it on its first save


@dataclass(frozen=True)
class FieldConflict:
    """One field the other person's save and this editor's disagree on, as shown on the page."""

    name: str
    label: str
    theirs: str
    yours: str


class EditConflict(ValidationError):
    """The record changed since its edit form was opened; nothing was saved."""

    def __init__(
        self, *, version: str, fields: list[FieldConflict], record: models.Model | None = None
    ) -> None:
        super().__init__(CONFLICT, code="edit_conflict")
        self.version = version
        self.fields = fields
        self.record = record  # the record that changed, for a page that edits several


def record_version(record: models.Model | None) -> str:
    """A short digest of every stored field of `record`: it changes whenever the row is saved.

    A record not saved yet (or none) has the version NEW.
    """
    if record is None or record.pk is None:
        return NEW
    row = [(f.attname, getattr(record, f.attname)) for f in record._meta.concrete_fields]
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def rows_version(rows: Iterable[models.Model]) -> str:
    """The version of a set of records a page edits together (one per sector, per cell, per speaker):
    it changes when any of them is saved, added or deleted."""
    versions = sorted(record_version(row) for row in rows)
    return hashlib.sha256(repr(versions).encode()).hexdigest()[:32] if versions else NEW


def rows_lock(
    rows: "models.QuerySet[Any]",
    *,
    version: str | None,
    values: Mapping[str, Any],
    saved: Callable[[], Mapping[str, Any]],
    labels: Mapping[str, str],
) -> None:
    """Lock `rows` until the transaction ends; when `version` is given and they are no longer at that
    version, raise EditConflict naming each of `values` (the editor's, by name) that differs from
    `saved()` (what is saved now, by the same names; `labels` names them as the page does)."""
    current = rows_version(rows.select_for_update(of=("self",)))
    if not version or version == current:
        return
    now = saved()
    differing = [
        FieldConflict(name, labels.get(name, name), _shown(None, now.get(name)), _shown(None, value))
        for name, value in values.items()
        if _differs(now.get(name), value)
    ]
    raise EditConflict(version=current, fields=differing)


def record_lock(
    record: models.Model | None,
    *,
    version: str | None,
    values: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
) -> None:
    """Lock `record`'s row until the transaction ends and reload it from the database.

    When `version` is given and the row is no longer at that version, raise EditConflict naming each of
    `values` (the editor's new values, by field name) that differs from what is now saved. A name
    "field.key" is the entry `key` of the JSON field `field` (answers stored together in one field);
    `labels` names them as the page does. `record` is None when the form may be the first to save it
    (version NEW): then a version other than NEW means the record was there and has gone, and a record
    created meanwhile by someone else is at a version other than NEW, so either way the save is refused.
    """
    if record is None:
        if version and version != NEW:
            raise EditConflict(version=NEW, fields=[])
        return
    manager = record.__class__._default_manager  # the model, also through a lazy request.user
    record.refresh_from_db(from_queryset=manager.select_for_update())
    current = record_version(record)
    if not version or version == current:
        return
    differing = [
        _field_conflict(record, name, value, (labels or {}).get(name))
        for name, value in values.items()
        if _differs(
            _saved(record, name), sorted(map(str, value)) if isinstance(value, list | tuple) else value
        )
    ]
    raise EditConflict(version=current, fields=differing, record=record)


def _differs(saved: Any, yours: Any) -> bool:
    return saved != yours and not (_blank(saved) and _blank(yours))


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _saved(record: models.Model, name: str) -> Any:
    field, _, key = name.partition(".")
    value = getattr(record, field)
    if key:  # an entry of a JSON field; lists (several choices) are compared as the page shows them
        value = value.get(key) if isinstance(value, dict) else None
        return sorted(map(str, value)) if isinstance(value, list | tuple) else value
    if isinstance(value, models.Manager):  # many-to-many: compared by what the page shows
        return sorted(str(item) for item in value.all())
    return value


def _field_conflict(record: models.Model, name: str, yours: Any, label: str | None) -> FieldConflict:
    if "." in name:
        return FieldConflict(name, label or name, _shown(None, _saved(record, name)), _shown(None, yours))
    try:
        field: models.Field[Any, Any] | None = record._meta.get_field(name)  # type: ignore[assignment]
    except FieldDoesNotExist:
        field = None
    label = label or (
        str(capfirst(field.verbose_name)) if field is not None else capfirst(name.replace("_", " "))
    )
    return FieldConflict(name, label, _shown(field, _saved(record, name)), _shown(field, yours))


def _shown(field: "models.Field[Any, Any] | None", value: Any) -> str:
    """A value as a person reads it: choice labels, dates, Yes/No, lists joined; "(blank)" for nothing."""
    if _blank(value):
        return "(blank)"
    if field is not None and field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return str(formats.localize(value))
    if isinstance(value, list | tuple):
        return ", ".join(_shown(None, item) for item in value)
    return str(value)


def form_version_track(form: forms.Form, record: models.Model | Iterable[models.Model] | None) -> None:
    """Give an edit form the hidden `version` field, holding the version of `record` it was opened on
    (or of the set of records, for a page that edits several together; see `rows_lock`)."""
    form.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
    if record is None or isinstance(record, models.Model):
        form.initial[VERSION_FIELD] = record_version(record)
    else:
        form.initial[VERSION_FIELD] = rows_version(record)


def form_show_conflict(form: forms.Form, conflict: EditConflict) -> None:
    """Show the conflict on the form, keep the editor's values and move the form on to the saved version."""
    form.add_error(None, conflict)
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[form.add_prefix(VERSION_FIELD)] = conflict.version
    form.data = data
    labels = {name: field.label or capfirst(name.replace("_", " ")) for name, field in form.fields.items()}
    form.has_edit_conflict = True  # type: ignore[attr-defined]
    form.edit_conflict = [  # type: ignore[attr-defined]
        FieldConflict(c.name, str(labels.get(c.name, c.label)), c.theirs, c.yours) for c in conflict.fields
    ]
