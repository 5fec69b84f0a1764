"""The project's audit trail as CSV, safe to open in a spreadsheet."""

import csv
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from coproduce.core.models import AuditEvent

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

HEADER = ["When", "Who", "What", "Object type", "Object", "Changes"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def audit_event_who(event: AuditEvent) -> str:
    if event.actor is not None:
        return str(event.actor)
    return event.actor_label or "System"


def audit_csv_write(*, events: Iterable[AuditEvent], out: "SupportsWrite[str]") -> None:
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for event in events:
        row = [
            timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            audit_event_who(event),
            event.action,
            event.object_type,
            event.object_repr,
            json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
        ]
        writer.writerow([_cell(value) for value in row])
