"""Running a workshop live: start and end it, move each activity through its states, and set its timer.

An activity goes draft -> open -> closed -> revealed; a closed activity may be opened again ("Reopen") and
results are revealed only once contributions have stopped. One activity is open at a time: opening one closes
any other that is still open, so every phone shows the same thing (`activity_current`). Ending the workshop
closes its open activity. Every change writes an audit row and tells both screens and phones, after commit.
Closing or revealing a pairwise or statements activity also asks for its results to be worked out and
stored by the task worker (services/snapshots.py), so no page works them out again.

A note-taker records answers given on paper through the participants' own services
(`paper_answer_record`), for a participant marked `on_paper`.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record

from ..broadcast import PEOPLE, SCREENS, broadcast
from ..models import Activity, ActivityState, Participant, Workshop, WorkshopStatus
from .participation import participant_join
from .snapshots import result_snapshot_request

BOTH = (SCREENS, PEOPLE)
MAX_TIMER_MINUTES = 180

# The states each state may move to, and the words used when a move is refused.
_MOVES: dict[str, tuple[ActivityState, ...]] = {
    ActivityState.OPEN: (ActivityState.DRAFT, ActivityState.CLOSED),
    ActivityState.CLOSED: (ActivityState.OPEN,),
    ActivityState.REVEALED: (ActivityState.CLOSED,),
}
_VERBS = {ActivityState.OPEN: "opened", ActivityState.CLOSED: "closed", ActivityState.REVEALED: "revealed"}
_REFUSALS = {
    ActivityState.OPEN: "Only an activity that has not started or is closed can be opened.",
    ActivityState.CLOSED: "Only an open activity can be closed.",
    ActivityState.REVEALED: "Close the activity before showing its results.",
}


def _workshop_set(workshop: Workshop, *, by: User, status: WorkshopStatus, action: str) -> None:
    workshop.status = status
    workshop.save(update_fields=["status", "updated_at"])
    audit_record(action=action, by=by, obj=workshop, project_id=workshop.project_id)
    broadcast(
        workshop_public_id=str(workshop.public_id), event="workshop.state", audiences=BOTH, state=status.value
    )


@transaction.atomic
def workshop_start(*, workshop: Workshop, by: User) -> Workshop:
    """Make the workshop live, so people can join it with its code."""
    if workshop.status == WorkshopStatus.LIVE:
        raise ValidationError("The workshop is already running.")
    _workshop_set(workshop, by=by, status=WorkshopStatus.LIVE, action="workshops.workshop.started")
    return workshop


@transaction.atomic
def workshop_end(*, workshop: Workshop, by: User) -> Workshop:
    """End the workshop: nobody can join any more and its open activity closes."""
    if workshop.status != WorkshopStatus.LIVE:
        raise ValidationError("Only a running workshop can be ended.")
    for activity in Activity.objects.select_related("workshop").filter(
        workshop=workshop, state=ActivityState.OPEN
    ):
        _state_set(activity, by=by, state=ActivityState.CLOSED)
    _workshop_set(workshop, by=by, status=WorkshopStatus.ENDED, action="workshops.workshop.ended")
    return workshop


def _state_set(activity: Activity, *, by: User, state: ActivityState) -> None:
    if activity.state not in _MOVES[state]:
        raise ValidationError(_REFUSALS[state])
    now = timezone.now()
    previous = activity.state
    activity.state = state
    stamp = {ActivityState.OPEN: "opened_at", ActivityState.CLOSED: "closed_at"}.get(state, "revealed_at")
    setattr(activity, stamp, now)
    fields = ["state", stamp, "updated_at"]
    if state != ActivityState.OPEN and activity.timer_ends_at is not None:
        activity.timer_ends_at = None  # the timer stops with contributions
        fields.append("timer_ends_at")
    activity.save(update_fields=fields)
    audit_record(
        action=f"workshops.activity.{_VERBS[state]}",
        by=by,
        obj=activity,
        project_id=activity.workshop.project_id,
        changes={"state": [previous, state.value]},
    )
    broadcast(
        workshop_public_id=str(activity.workshop.public_id),
        event="activity.state",
        audiences=BOTH,
        activity=str(activity.public_id),
        state=state.value,
    )
    if state in (ActivityState.CLOSED, ActivityState.REVEALED):
        result_snapshot_request(activity=activity)  # pairwise scores or opinion groups, by the task


@transaction.atomic
def activity_open(*, activity: Activity, by: User) -> Activity:
    """Open the activity for contributions, closing any other open activity of the workshop first."""
    if activity.workshop.status != WorkshopStatus.LIVE:
        raise ValidationError("Start the workshop before opening an activity.")
    others = Activity.objects.select_related("workshop").filter(
        workshop_id=activity.workshop_id, state=ActivityState.OPEN
    )
    for other in others.exclude(pk=activity.pk):
        _state_set(other, by=by, state=ActivityState.CLOSED)
    _state_set(activity, by=by, state=ActivityState.OPEN)
    return activity


@transaction.atomic
def activity_close(*, activity: Activity, by: User) -> Activity:
    """Stop contributions; results stay hidden until they are revealed."""
    _state_set(activity, by=by, state=ActivityState.CLOSED)
    return activity


@transaction.atomic
def activity_reveal(*, activity: Activity, by: User) -> Activity:
    """Show a closed activity's results on the projector and on phones."""
    _state_set(activity, by=by, state=ActivityState.REVEALED)
    return activity


@transaction.atomic
def activity_timer_set(
    *, activity: Activity, by: User, minutes: int | None = None, add_minutes: int | None = None
) -> Activity:
    """Start a timer of `minutes` from now, add `add_minutes` to the running one, or stop it (neither)."""
    if not activity.is_open and (minutes or add_minutes):
        raise ValidationError("Open the activity before starting its timer.")
    now = timezone.now()
    ends_at: datetime.datetime | None = None
    if minutes:
        ends_at = now + datetime.timedelta(minutes=minutes)
    elif add_minutes:
        start = activity.timer_ends_at if activity.timer_ends_at and activity.timer_ends_at > now else now
        ends_at = start + datetime.timedelta(minutes=add_minutes)
    if ends_at is not None and ends_at > now + datetime.timedelta(minutes=MAX_TIMER_MINUTES):
        raise ValidationError(f"A timer can run for {MAX_TIMER_MINUTES} minutes at most.")
    activity.timer_ends_at = ends_at
    activity.save(update_fields=["timer_ends_at", "updated_at"])
    audit_record(
        action="workshops.activity.timer_set",
        by=by,
        obj=activity,
        project_id=activity.workshop.project_id,
        changes={"ends_at": ends_at.isoformat() if ends_at else None},
    )
    broadcast(
        workshop_public_id=str(activity.workshop.public_id),
        event="timer",
        audiences=BOTH,
        activity=str(activity.public_id),
        ends_at=ends_at.isoformat() if ends_at else None,
    )
    return activity


@transaction.atomic
def paper_answer_record[T](
    *,
    workshop: Workshop,
    participant: Participant | None,
    sector: str,
    record: Callable[[Participant], T],
) -> tuple[Participant, T]:
    """Record an answer given on paper: for `participant` (someone entered on paper before), or for a new
    on-paper participant of `sector`. `record` calls the participant's own service (card_add, dot_add, ...);
    if it refuses, the new participant is not kept either."""
    if participant is not None and (not participant.on_paper or participant.workshop_id != workshop.pk):
        raise ValidationError("Choose someone entered on paper in this workshop.")
    if participant is None:
        participant = participant_join(workshop=workshop, sector=sector, on_paper=True)
    return participant, record(participant)
