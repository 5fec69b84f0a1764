"""Finding a project's workshops, their activities and participants (scoped to the project)."""

import uuid
from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from coproduce.projects.models import Project

from ..models import Activity, ActivityState, Participant, Workshop, WorkshopSeries, WorkshopStatus


def series_list(*, project: Project) -> QuerySet[WorkshopSeries]:
    return WorkshopSeries.objects.filter(project=project).select_related("area")


def series_get(*, project: Project, public_id: uuid.UUID) -> WorkshopSeries:
    series = series_list(project=project).filter(public_id=public_id).first()
    if series is None:
        raise Http404("No such workshop series.")
    return series


def workshop_get(*, project: Project, public_id: uuid.UUID) -> Workshop:
    workshop = Workshop.objects.select_related("series", "project").filter(
        project=project, public_id=public_id
    )
    found = workshop.first()
    if found is None:
        raise Http404("No such workshop.")
    return found


def workshop_by_join_code(*, join_code: str) -> Workshop | None:
    """The live workshop with this join code (case and spaces ignored), or None."""
    code = "".join(join_code.split()).upper()
    return (
        Workshop.objects.select_related("project", "series")
        .filter(join_code=code, status=WorkshopStatus.LIVE)
        .first()
    )


def activity_get(*, workshop: Workshop, public_id: uuid.UUID) -> Activity:
    activity = (
        Activity.objects.select_related("workshop").filter(workshop=workshop, public_id=public_id).first()
    )
    if activity is None:
        raise Http404("No such activity.")
    return activity


def activity_open_latest(activities: Iterable[Activity]) -> Activity | None:
    """Of `activities`, the open one `activity_current` would pick: the latest opened (one never opened
    last), then the first in the agenda; for activities already read, without another query."""
    open_ = [a for a in activities if a.state == ActivityState.OPEN]
    return min(open_, key=_newest_opened_first, default=None)


def _newest_opened_first(activity: Activity) -> tuple[bool, float, int, int]:
    opened = activity.opened_at
    return opened is None, -opened.timestamp() if opened else 0.0, activity.order, activity.pk


def activity_current(*, workshop: Workshop) -> Activity | None:
    """The activity participants should see now: the open one, else the most recently revealed or closed.

    `activity_open_latest` picks among open activities in the same order, for those already read."""
    activities = Activity.objects.filter(workshop=workshop).exclude(state="draft")
    # nulls_last: PostgreSQL sorts NULL first in a descending order, SQLite last; say which we mean.
    open_ = activities.filter(state="open").order_by(F("opened_at").desc(nulls_last=True), "order").first()
    if open_ is not None:
        return open_
    last_change = Coalesce("revealed_at", "closed_at")
    return activities.order_by(last_change.desc(nulls_last=True), "order").first()


def participant_get(*, workshop: Workshop, public_id: uuid.UUID | str) -> Participant | None:
    """The participant of `workshop` with `public_id`, unless they have left it."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Participant.objects.filter(workshop=workshop, public_id=key, left_at__isnull=True).first()
