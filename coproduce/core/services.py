"""Writes of the core app: the audit row every other service records, and the uploads kept until used."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from .models import AuditEvent, KeptUpload

Actor = AbstractBaseUser | AnonymousUser | None


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


def kept_upload_models() -> list[type[KeptUpload]]:
    """Every concrete model of an upload kept until used, in every installed app."""
    return [model for model in apps.get_models() if issubclass(model, KeptUpload) and not model._meta.proxy]


@transaction.atomic
def upload_keep[K: KeptUpload](
    *,
    model: type[K],
    filename: str,
    raw: bytes,
    lifetime: datetime.timedelta,
    by: AbstractBaseUser | None,
    action: str,
    project_id: int | None,
    **fields: Any,
) -> K:
    """Keep an upload for `lifetime` (with the fields its model adds), writing the audit row `action`; the
    model's expired uploads are deleted on the way, so none outlives the next upload by much."""
    now = timezone.now()
    uploads_expire(now=now, kinds=[model])
    kept = model._default_manager.create(
        filename=filename[:255], raw=raw, expires_at=now + lifetime, created_by=by, **fields
    )
    audit_record(action=action, by=by, obj=kept, project_id=project_id)
    return kept


@transaction.atomic
def upload_discard(
    *, upload: KeptUpload, action: str, project_id: int | None, by: Actor = None, reason: str = ""
) -> None:
    """Forget a kept upload that will not be used (cancelled, or its job failed for good), writing the audit
    row `action` with its file name and the reason, if any. A row its model keeps as a record stays."""
    audit_record(
        action=action,
        by=by,
        obj=upload,
        project_id=project_id,
        object_repr=upload.filename[:200],
        changes={"reason": reason[:200]} if reason else None,
    )
    type(upload).disposable().filter(pk=upload.pk).delete()


def uploads_expire(*, now: datetime.datetime, kinds: Iterable[type[KeptUpload]] | None = None) -> int:
    """Delete the kept uploads whose time is up, of every concrete model (or of the models in `kinds`);
    return how many uploads went. Run hourly (`manage.py expire_pending_imports`) so an abandoned one is not
    kept until the next upload of its kind."""
    deleted = 0
    for model in kept_upload_models() if kinds is None else kinds:
        _, per_model = model.disposable().filter(expires_at__lt=now).delete()
        deleted += per_model.get(model._meta.label, 0)
    return deleted
