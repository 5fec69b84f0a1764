"""Writes of the core app: the audit row every other service records."""

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
    actor = by if isinstance(by, AbstractBaseUser) and by.pk else None
    label = actor_label if actor_label is not None else (actor.get_username() if actor else "")
    return AuditEvent.objects.create(
        project_id=project_id,
        actor_id=actor.pk if actor else None,
        actor_label=label[:200],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:200],
        changes=changes or {},
    )
