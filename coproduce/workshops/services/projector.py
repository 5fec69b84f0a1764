"""What the projector shows, chosen by the facilitator: the current activity, who has joined by sector, or
how to join in large type. The choice is stored on the workshop, so a projector opened later (or reloaded)
shows the same thing, and every change writes an audit row and tells the screens after commit.

While a statements activity is open the projector draws the opinion map as it stands: it asks for the map
to be worked out again by the task (services/snapshots.py) at most every few seconds, and only when the
votes changed since the stored one was read (`opinion_map_refresh`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record

from ..broadcast import broadcast
from ..models import Activity, ActivityKind, ActivityState, ProjectorShows, ResultSnapshot, Workshop
from ..selectors.projector import opinion_votes_since
from ..selectors.snapshots import snapshot_kind
from .snapshots import _enqueue, _row_locked

PROJECTOR_EVENT = "projector.shows"
LIVE_MAP_EVERY = datetime.timedelta(seconds=3)  # the open map is worked out again at most this often


@transaction.atomic
def workshop_projector_set(*, workshop: Workshop, by: User, shows: str) -> Workshop:
    """Choose what the projector shows (`ProjectorShows`); the projector changes within a second."""
    if shows not in ProjectorShows.values:
        raise ValidationError("Choose what the projector shows.")
    previous = workshop.projector_shows
    if previous == shows:
        return workshop
    workshop.projector_shows = shows
    workshop.save(update_fields=["projector_shows", "updated_at"])
    audit_record(
        action="workshops.workshop.projector_set",
        by=by,
        obj=workshop,
        project_id=workshop.project_id,
        changes={"projector_shows": [previous, shows]},
    )
    broadcast(workshop_public_id=str(workshop.public_id), event=PROJECTOR_EVENT, shows=shows)
    return workshop


def _due(row: ResultSnapshot | None, activity: Activity, now: datetime.datetime) -> bool:
    if row is None or row.inputs_read_at is None:
        return row is None or row.requested_at is None or row.requested_at < now - LIVE_MAP_EVERY
    if row.requested_at is not None and row.requested_at >= now - LIVE_MAP_EVERY:
        return False
    return opinion_votes_since(activity=activity, read_at=row.inputs_read_at, n_votes=row.n_votes)


def opinion_map_refresh(*, activity: Activity) -> None:
    """Ask the task for an open statements activity's opinion map when the votes changed since the stored
    one, at most every LIVE_MAP_EVERY. Reads two rows when there is nothing to do, as a projector refreshes
    often while a room votes."""
    if activity.kind != ActivityKind.STATEMENTS or activity.state != ActivityState.OPEN:
        return
    now = timezone.now()
    kind = snapshot_kind(activity)
    if kind is None or not _due(
        ResultSnapshot.objects.filter(activity=activity, kind=kind).first(), activity, now
    ):
        return
    with transaction.atomic():
        row = _row_locked(activity, kind)
        if row.requested_at is not None and row.requested_at >= now - LIVE_MAP_EVERY:
            return
        row.requested_at = now
        row.save(update_fields=["requested_at", "updated_at"])
        transaction.on_commit(_enqueue(activity))
