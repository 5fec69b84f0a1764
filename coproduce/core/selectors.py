"""Reads of the core app."""

import datetime as dt

from django.db.models import QuerySet

from .models import AuditEvent


def audit_list(
    *,
    project_id: int,
    action: str = "",
    actor_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail of one project, newest first, optionally filtered."""
    qs = AuditEvent.objects.filter(project_id=project_id).select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if date_from is not None:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs
