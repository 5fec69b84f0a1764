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
from collections.abc import Mapping
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


def record_lock(record: models.Model, *, version: str | None, values: Mapping[str, Any]) -> None:
    """Lock `record`'s row until the transaction ends and reload it from the database.

    When `version` is given and the row is no longer at that version, raise EditConflict naming each of
    `values` (the editor's new values, by field name) that differs from what is now saved.
    """
    manager = type(record)._default_manager
    record.refresh_from_db(from_queryset=manager.select_for_update())
    current = record_version(record)
    if not version or version == current:
        return
    differing = [
        _field_conflict(record, name, value)
        for name, value in values.items()
        if _saved(record, name) != (sorted(map(str, value)) if isinstance(value, list | tuple) else value)
    ]
    raise EditConflict(version=current, fields=differing, record=record)


def _saved(record: models.Model, name: str) -> Any:
    value = getattr(record, name)
    if isinstance(value, models.Manager):  # many-to-many: compared by what the page shows
        return sorted(str(item) for item in value.all())
    return value


def _field_conflict(record: models.Model, name: str, yours: Any) -> FieldConflict:
    try:
        field: models.Field[Any, Any] | None = record._meta.get_field(name)  # type: ignore[assignment]
    except FieldDoesNotExist:
        field = None
    label = str(capfirst(field.verbose_name)) if field is not None else capfirst(name.replace("_", " "))
    return FieldConflict(name, label, _shown(field, _saved(record, name)), _shown(field, yours))


def _shown(field: "models.Field[Any, Any] | None", value: Any) -> str:
    """A value as a person reads it: choice labels, dates, Yes/No, lists joined; "(blank)" for nothing."""
    if value is None or value == "" or value == [] or value == {}:
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


def form_version_track(form: forms.Form, record: models.Model | None) -> None:
    """Give an edit form the hidden `version` field, holding the version of `record` it was opened on."""
    form.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.initial[VERSION_FIELD] = record_version(record)


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
