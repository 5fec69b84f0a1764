"""Subject access: everything held about one person, as JSON-serialisable data."""

import datetime as dt
from typing import Any

from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.people.models import RecruitmentEvent, Stakeholder

from ..models import ConsentEvent, PersonalLink


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _person(stakeholder: Stakeholder) -> dict[str, Any]:
    organisation = stakeholder.organisation
    return {
        "code": stakeholder.code,
        "full_name": stakeholder.full_name,
        "role": stakeholder.job_title,
        "email": stakeholder.email,
        "phone": stakeholder.phone,
        "notes": stakeholder.notes,
        "recruitment_status": stakeholder.get_recruitment_status_display(),
        "organisation": {
            "name": organisation.name,
            "sector": organisation.get_sector_display(),
            "type": organisation.get_subsector_display(),
        }
        if organisation
        else None,
        "interests": list(stakeholder.interests.values_list("name", flat=True)),
        "added_at": _when(stakeholder.created_at),
        "updated_at": _when(stakeholder.updated_at),
    }


def _recruitment(stakeholder: Stakeholder) -> list[dict[str, Any]]:
    events = RecruitmentEvent.objects.filter(stakeholder=stakeholder).order_by("created_at", "id")
    return [
        {
            "when": _when(event.created_at),
            "from": event.get_from_status_display() if event.from_status else "",
            "to": event.get_to_status_display(),
            "note": event.note,
        }
        for event in events
    ]


def _consent(stakeholder: Stakeholder) -> list[dict[str, Any]]:
    events = ConsentEvent.objects.filter(stakeholder=stakeholder).select_related("form")
    return [
        {
            "when": _when(event.created_at),
            "scope": event.get_scope_display(),
            "decision": event.get_kind_display(),
            "method": event.get_method_display(),
            "form": str(event.form) if event.form else "",
            "note": event.note,
        }
        for event in events
    ]


def _links(stakeholder: Stakeholder) -> list[dict[str, Any]]:
    links = PersonalLink.objects.filter(stakeholder=stakeholder).order_by("created_at")
    return [
        {
            "created_at": _when(link.created_at),
            "expires_at": _when(link.expires_at),
            "revoked_at": _when(link.revoked_at),
        }
        for link in links
    ]


def _audit(stakeholder: Stakeholder) -> list[dict[str, Any]]:
    rows = AuditEvent.objects.filter(
        project_id=stakeholder.project_id, object_type="people.stakeholder", object_id=str(stakeholder.pk)
    ).order_by("created_at", "id")
    return [
        {"when": _when(row.created_at), "action": row.action, "by": row.actor_label, "changes": row.changes}
        for row in rows
    ]


def subject_access_export(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Everything the project holds about one person, for a subject access request."""
    return {
        "generated_at": timezone.now().isoformat(),
        "project": stakeholder.project.title,
        "person": _person(stakeholder),
        "recruitment_history": _recruitment(stakeholder),
        "consent_events": _consent(stakeholder),
        "personal_links": _links(stakeholder),
        "audit_trail": _audit(stakeholder),
    }
