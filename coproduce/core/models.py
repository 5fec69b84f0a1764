"""The thin shared base: a model with a public id and timestamps, and the audit trail."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .versions import record_lock


class BaseModel(models.Model):
    """Every domain row has an unguessable public id (for URLs and links) and timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class KeptUpload(BaseModel):
    """An uploaded file kept in the database until it is used (imported, or put in place of a transcript),
    where every web process and every worker can read it. Each app's concrete model adds what its use needs
    (the project, the job, the mapping); the services in `core.services` keep, discard and expire them all,
    and `manage.py expire_pending_imports` deletes every concrete model's expired rows, hourly.

    `raw` holds the file's bytes while it waits; a model that keeps a row after its use (a count, a report)
    empties it then."""

    filename = models.CharField(max_length=255)
    raw = models.BinaryField(blank=True, default=b"")
    expires_at = models.DateTimeField(db_index=True, help_text="An upload still here then is deleted")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @classmethod
    def disposable(cls) -> models.QuerySet[Self]:
        """The rows that expiry and discarding may delete: all of them, unless a model keeps a row after its
        use as a record (it then narrows this to the rows still waiting)."""
        return cls._default_manager.all()


class AuditEvent(models.Model):
    """One row for every write: who did what to which object, when.

    Rows are never updated. `object_repr` never holds a person's name: services pass a
    pseudonymous code for people, so erasing a person leaves the trail free of their data.
    """

    project_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project_id", "-created_at"], name="audit_project_recent")]

    def __str__(self) -> str:
        who = self.actor_label or "system"
        return f"{self.created_at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        """The action in plain English: `people.stakeholder.created` -> "Stakeholder created"."""
        return " ".join(self.action.split(".")[1:]).replace("_", " ").capitalize()


class FieldChanges(list[str]):
    """The names of the fields whose value changed, in the order given (a list, so `if changed:` and
    `save(update_fields=changed)` read naturally), with each one's value `before` and `after`."""

    def __init__(self, before: dict[str, Any], after: dict[str, Any]):
        super().__init__(before)
        self.before = before
        self.after = after

    def as_audit(self) -> dict[str, list[Any]]:
        """{field: [old, new]} for an audit row, every value as JSON can hold it. Only for fields that never
        hold personal data: audit rows name a person's changed fields, never their values."""
        return {name: [_audit_value(self.before[name]), _audit_value(self.after[name])] for name in self}


def _audit_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def fields_assign(
    obj: models.Model, values: dict[str, Any], *, version: str | None = None, validate: bool = False
) -> FieldChanges:
    """Set each value on `obj` (without saving) and return what changed: the names of the fields whose
    value differs, with their values before and after.

    From an edit form, pass the form's `version`: `obj` is first locked and reloaded, and EditConflict is
    raised, with nothing changed, if someone else saved it after the form was opened (core.versions).
    With `validate`, `obj.full_clean()` runs after the values are set; on a ValidationError `obj` is put
    back as it was and the error raised.
    """
    if version is not None:
        record_lock(obj, version=version, values=values)
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    if validate:
        try:
            obj.full_clean()
        except ValidationError:
            for name, value in before.items():
                setattr(obj, name, value)
            raise
    changed = [name for name, value in values.items() if before[name] != value]
    return FieldChanges({name: before[name] for name in changed}, {name: values[name] for name in changed})
