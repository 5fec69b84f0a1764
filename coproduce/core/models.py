"""The thin shared base: a model with a public id and timestamps, and the audit trail."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from .versions import record_lock


class BaseModel(models.Model):
    """Every domain row has an unguessable public id (for URLs and links) and timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


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


def fields_assign(obj: models.Model, values: dict[str, Any], *, version: str | None = None) -> list[str]:
    """Set each value on `obj` (without saving) and return the names of the fields whose value changed.

    From an edit form, pass the form's `version`: `obj` is first locked and reloaded, and EditConflict is
    raised, with nothing changed, if someone else saved it after the form was opened (core.versions).
    """
    if version is not None:
        record_lock(obj, version=version, values=values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name, value in values.items():
        setattr(obj, name, value)
    return changed
