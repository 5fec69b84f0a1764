"""Timeline events of the local context."""

import datetime

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.context.models import TimelineEvent
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project


@transaction.atomic
def timeline_event_create(
    *,
    project: Project,
    by: User | None,
    happened_on: datetime.date,
    title: str,
    source_title: str,
    description: str = "",
    source_url: str = "",
    source_note: str = "",
) -> TimelineEvent:
    event = TimelineEvent.objects.create(
        project=project,
        happened_on=happened_on,
        title=title,
        description=description,
        source_title=source_title,
        source_url=source_url,
        source_note=source_note,
        created_by=by,
    )
    audit_record(action="context.timeline_event.created", by=by, obj=event, project_id=project.pk)
    return event


@transaction.atomic
def timeline_event_update(
    *,
    event: TimelineEvent,
    by: User,
    happened_on: datetime.date,
    title: str,
    source_title: str,
    description: str = "",
    source_url: str = "",
    source_note: str = "",
    version: str | None = None,
) -> TimelineEvent:
    values = {
        "happened_on": happened_on,
        "title": title,
        "description": description,
        "source_title": source_title,
        "source_url": source_url,
        "source_note": source_note,
    }
    changed = fields_assign(event, values, version=version)
    event.save()
    audit_record(
        action="context.timeline_event.updated",
        by=by,
        obj=event,
        project_id=event.project_id,
        changes={"fields": changed},
    )
    return event
