"""Writes of the core app: the audit row every other service records."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from .models import AuditEvent


def audit_record(
    *,
    action: str,
    by: AbstractBaseUser | AnonymousUser | None,
    obj: models.Model | None = None,
    project_id: int | None = None,
    object_repr: str | None = None,
    actor_label: str | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one audit row. `action` is dotted, e.g. `people.consent.withdrawn`."""
    entry = AuditEntry(obj=obj, object_repr=object_repr, changes=changes)
    return AuditEvent.objects.create(**_row(action, by, project_id, actor_label, entry))


@dataclass(frozen=True)
class AuditEntry:
    """One object of a write that changed many at once, for `audit_record_many`."""

    obj: models.Model | None
    object_repr: str | None = None
    changes: dict[str, Any] | None = None


def audit_record_many(
    *,
    action: str,
    by: AbstractBaseUser | AnonymousUser | None,
    entries: Iterable[AuditEntry],
    project_id: int | None = None,
    actor_label: str | None = None,
) -> int:
    """Record one audit row per entry, the same rows as `audit_record` for each, inserted together; return
    how many."""
    rows = [AuditEvent(**_row(action, by, project_id, actor_label, entry)) for entry in entries]
    return len(AuditEvent.objects.bulk_create(rows, batch_size=500))


def _row(
    action: str,
    by: AbstractBaseUser | AnonymousUser | None,
    project_id: int | None,
    actor_label: str | None,
    entry: AuditEntry,
) -> dict[str, Any]:
    actor = by if isinstance(by, AbstractBaseUser) and by.pk else None
    label = actor_label if actor_label is not None else (actor.get_username() if actor else "")
    obj = entry.obj
    return {
        "project_id": project_id,
        "actor_id": actor.pk if actor else None,
        "actor_label": label[:200],
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_repr": (entry.object_repr if entry.object_repr is not None else str(obj or ""))[:200],
        "changes": entry.changes or {},
    }
