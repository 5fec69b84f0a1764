"""Planning: workshop series on a priority area, and the workshops in them.

The agenda of a workshop (its activities and their settings) is in `agenda.py`; invitations and attendance
are in `invitations.py`. Every write is one transaction with an audit row.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import PriorityCandidate
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Membership, Project

from ..models import Workshop, WorkshopSeries, WorkshopStatus
from ..selectors.planning import FACILITATOR_ROLES
from .agenda import (
    ActivitySettings,
    activity_create,
    activity_delete,
    activity_move,
    activity_update,
    pairwise_options_copy,
)

__all__ = [
    "FACILITATOR_ROLES",
    "ActivitySettings",
    "activity_create",
    "activity_delete",
    "activity_move",
    "activity_update",
    "pairwise_options_copy",
    "series_create",
    "series_update",
    "workshop_create",
    "workshop_delete",
    "workshop_update",
]


def _series_check(project: Project, title: str, area: PriorityCandidate | None, pk: int | None) -> None:
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the series"})
    if area is not None and area.project_id != project.pk:
        raise ValidationError({"area": "Choose a priority area of this project"})
    same = WorkshopSeries.objects.filter(project=project, title=title.strip())
    if (same.exclude(pk=pk) if pk is not None else same).exists():
        raise ValidationError({"title": "There is already a series with this title"})


@transaction.atomic
def series_create(
    *, project: Project, by: User, title: str, description: str = "", area: PriorityCandidate | None = None
) -> WorkshopSeries:
    _series_check(project, title, area, None)
    series = WorkshopSeries.objects.create(
        project=project, title=title.strip(), description=description.strip(), area=area
    )
    audit_record(
        action="workshops.series.created",
        by=by,
        obj=series,
        project_id=project.pk,
        changes={"area": area.pk if area else None},
    )
    return series


@transaction.atomic
def series_update(
    *,
    series: WorkshopSeries,
    by: User,
    title: str,
    description: str,
    area: PriorityCandidate | None,
    version: str | None = None,
) -> WorkshopSeries:
    _series_check(series.project, title, area, series.pk)
    changed = fields_assign(
        series, {"title": title.strip(), "description": description.strip(), "area": area}, version=version
    )
    series.save()
    audit_record(
        action="workshops.series.updated",
        by=by,
        obj=series,
        project_id=series.project_id,
        changes={"fields": changed},
    )
    return series


def _facilitators_check(project: Project, facilitators: list[User]) -> None:
    allowed = set(
        Membership.objects.filter(project=project, role__in=FACILITATOR_ROLES).values_list(
            "user_id", flat=True
        )
    )
    if any(user.pk not in allowed for user in facilitators):
        raise ValidationError(
            {"facilitators": "Choose facilitators from the team: leads, researchers or facilitators"}
        )


def _when_where_check(
    *, starts_at: dt.datetime, ends_at: dt.datetime | None, venue: str, online_link: str
) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": "The workshop must end after it starts"})
    if not venue.strip() and not online_link.strip():
        raise ValidationError({"venue": "Enter a venue, an online meeting link, or both"})


@transaction.atomic
def workshop_create(
    *,
    series: WorkshopSeries,
    by: User,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    venue: str = "",
    online_link: str = "",
    facilitators: list[User] | None = None,
) -> Workshop:
    """A planned workshop in `series`, starting in the future."""
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the workshop"})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "The start must be in the future"})
    _when_where_check(starts_at=starts_at, ends_at=ends_at, venue=venue, online_link=online_link)
    _facilitators_check(series.project, facilitators or [])
    workshop = Workshop.objects.create(
        project=series.project,
        series=series,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        online_link=online_link.strip(),
    )
    workshop.facilitators.set(facilitators or [])
    audit_record(
        action="workshops.workshop.created",
        by=by,
        obj=workshop,
        project_id=series.project_id,
        changes={"series": series.pk, "facilitators": len(facilitators or [])},
    )
    return workshop


@transaction.atomic
def workshop_update(
    *,
    workshop: Workshop,
    by: User,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
    venue: str,
    online_link: str,
    facilitators: list[User],
    version: str | None = None,
) -> Workshop:
    """Change a workshop's details; a new start time must be in the future (an unchanged one may be past)."""
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the workshop"})
    if starts_at != workshop.starts_at and starts_at <= timezone.now():
        raise ValidationError({"starts_at": "A new start must be in the future"})
    _when_where_check(starts_at=starts_at, ends_at=ends_at, venue=venue, online_link=online_link)
    _facilitators_check(workshop.project, facilitators)
    values = {
        "title": title.strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue": venue.strip(),
        "online_link": online_link.strip(),
    }
    changed = fields_assign(workshop, values, version=version)
    workshop.save()
    if set(workshop.facilitators.all()) != set(facilitators):
        workshop.facilitators.set(facilitators)
        changed.append("facilitators")
    audit_record(
        action="workshops.workshop.updated",
        by=by,
        obj=workshop,
        project_id=workshop.project_id,
        changes={"fields": changed},
    )
    return workshop


@transaction.atomic
def workshop_delete(*, workshop: Workshop, by: User) -> None:
    """Delete a planned workshop in which nothing has been recorded: no invitations, nobody has joined."""
    if workshop.status != WorkshopStatus.PLANNED:
        raise ValidationError("Only a planned workshop can be deleted: this one has run or is running.")
    if workshop.invitations.exists():
        raise ValidationError("People have been invited to this workshop, so it cannot be deleted.")
    if workshop.participants.exists():
        raise ValidationError("People have joined this workshop, so it cannot be deleted.")
    audit_record(
        action="workshops.workshop.deleted",
        by=by,
        obj=workshop,
        project_id=workshop.project_id,
        changes={"activities": workshop.activities.count()},
    )
    workshop.delete()
