"""The project's audit trail as CSV, safe to open in a spreadsheet."""

import itertools
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.core.spreadsheets import csv_write

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

HEADER = ["When", "Who", "What", "Object type", "Object", "Changes"]


def audit_event_who(event: AuditEvent) -> str:
    if event.actor is not None:
        return str(event.actor)
    return event.actor_label or "System"


def _row(event: AuditEvent) -> list[str]:
    return [
        timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        audit_event_who(event),
        event.action,
        event.object_type,
        event.object_repr,
        json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
    ]


def audit_csv_write(*, events: Iterable[AuditEvent], out: "SupportsWrite[str]") -> None:
    csv_write(rows=itertools.chain([HEADER], map(_row, events)), out=out)
