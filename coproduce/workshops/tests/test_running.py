"""Running a workshop: its status, each activity's states, the timer, audit rows and live messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.models import AuditEvent
from coproduce.workshops.models import ActivityKind, ActivityState, Participant, WorkshopStatus
from coproduce.workshops.services.contributions import card_add
from coproduce.workshops.services.running import (
    activity_close,
    activity_open,
    activity_reveal,
    activity_timer_set,
    paper_answer_record,
    workshop_end,
    workshop_start,
)

from .factories import ActivityFactory, ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _events(sent, django_capture_on_commit_callbacks, call):
    with django_capture_on_commit_callbacks(execute=True):
        call()
    return [(group.rsplit(".", 1)[1], message) for group, message in sent]


def test_workshop_start_and_end(sent, django_capture_on_commit_callbacks):
    # given a planned workshop with an open activity
    workshop = WorkshopFactory(status=WorkshopStatus.PLANNED)
    by = UserFactory()
    workshop_start(workshop=workshop, by=by)
    activity = ActivityFactory(workshop=workshop, state=ActivityState.OPEN)

    # when it ends
    events = _events(sent, django_capture_on_commit_callbacks, lambda: workshop_end(workshop=workshop, by=by))

    # then it is ended, its open activity closed, and both screens and phones are told
    workshop.refresh_from_db()
    activity.refresh_from_db()
    assert workshop.status == WorkshopStatus.ENDED
    assert activity.state == ActivityState.CLOSED
    assert ("people", {"event": "workshop.state", "state": "ended"}) in events
    assert (
        "screens",
        {"event": "activity.state", "activity": str(activity.public_id), "state": "closed"},
    ) in events
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"workshops.workshop.started", "workshops.workshop.ended", "workshops.activity.closed"} <= actions


def test_workshop_start_refuses_a_live_workshop_and_end_a_planned_one():
    with pytest.raises(ValidationError):
        workshop_start(workshop=WorkshopFactory(status=WorkshopStatus.LIVE), by=UserFactory())
    with pytest.raises(ValidationError):
        workshop_end(workshop=WorkshopFactory(status=WorkshopStatus.PLANNED), by=UserFactory())


def test_activity_moves_through_its_states(sent, django_capture_on_commit_callbacks):
    activity = ActivityFactory(state=ActivityState.DRAFT)
    by = UserFactory()

    events = _events(
        sent, django_capture_on_commit_callbacks, lambda: activity_open(activity=activity, by=by)
    )
    assert activity.state == ActivityState.OPEN and activity.opened_at is not None
    message = {"event": "activity.state", "activity": str(activity.public_id), "state": "open"}
    assert events == [("screens", message), ("people", message)]

    activity_close(activity=activity, by=by)
    activity_open(activity=activity, by=by)  # reopened
    activity_close(activity=activity, by=by)
    activity_reveal(activity=activity, by=by)
    revealed = type(activity).objects.get(pk=activity.pk)
    assert revealed.state == ActivityState.REVEALED and revealed.revealed_at is not None
    audit = list(AuditEvent.objects.filter(object_id=str(activity.pk)).values_list("action", flat=True))
    assert audit.count("workshops.activity.opened") == 2 and "workshops.activity.revealed" in audit


@pytest.mark.parametrize(
    ("state", "service"),
    [
        (ActivityState.OPEN, activity_open),
        (ActivityState.REVEALED, activity_open),
        (ActivityState.DRAFT, activity_close),
        (ActivityState.CLOSED, activity_close),
        (ActivityState.OPEN, activity_reveal),
        (ActivityState.DRAFT, activity_reveal),
    ],
)
def test_activity_refuses_moves_the_machine_does_not_allow(state, service):
    activity = ActivityFactory(state=state)
    with pytest.raises(ValidationError):
        service(activity=activity, by=UserFactory())
    activity.refresh_from_db()
    assert activity.state == state


def test_activity_open_closes_the_other_open_activity():
    workshop = WorkshopFactory()
    first = ActivityFactory(workshop=workshop, state=ActivityState.OPEN)
    second = ActivityFactory(workshop=workshop, state=ActivityState.DRAFT)
    activity_open(activity=second, by=UserFactory())
    first.refresh_from_db()
    assert first.state == ActivityState.CLOSED
    assert second.state == ActivityState.OPEN


def test_activity_open_needs_a_live_workshop():
    activity = ActivityFactory(workshop__status=WorkshopStatus.PLANNED, state=ActivityState.DRAFT)
    with pytest.raises(ValidationError, match="Start the workshop"):
        activity_open(activity=activity, by=UserFactory())


def test_activity_timer_set_add_and_stop(sent, django_capture_on_commit_callbacks):
    activity = ActivityFactory(state=ActivityState.OPEN)
    by = UserFactory()
    before = timezone.now()

    events = _events(
        sent,
        django_capture_on_commit_callbacks,
        lambda: activity_timer_set(activity=activity, by=by, minutes=5),
    )
    ends = activity.timer_ends_at
    assert ends is not None and before + datetime.timedelta(minutes=5) <= ends
    assert (
        "people",
        {"event": "timer", "activity": str(activity.public_id), "ends_at": ends.isoformat()},
    ) in events

    activity_timer_set(activity=activity, by=by, add_minutes=1)
    assert activity.timer_ends_at == ends + datetime.timedelta(minutes=1)

    activity_timer_set(activity=activity, by=by)
    assert activity.timer_ends_at is None
    assert AuditEvent.objects.filter(action="workshops.activity.timer_set").count() == 3


def test_activity_timer_refused_when_closed_or_too_long():
    with pytest.raises(ValidationError):
        activity_timer_set(activity=ActivityFactory(state=ActivityState.CLOSED), by=UserFactory(), minutes=5)
    with pytest.raises(ValidationError):
        activity_timer_set(activity=ActivityFactory(state=ActivityState.OPEN), by=UserFactory(), minutes=500)


def test_activity_close_stops_the_timer():
    activity = ActivityFactory(state=ActivityState.OPEN)
    activity_timer_set(activity=activity, by=UserFactory(), minutes=5)
    activity_close(activity=activity, by=UserFactory())
    activity.refresh_from_db()
    assert activity.timer_ends_at is None


def test_paper_answer_record_creates_an_on_paper_participant_only_when_the_answer_is_kept():
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, state=ActivityState.OPEN)
    workshop = board.workshop

    def record(p):
        return card_add(activity=board, participant=p, column="Cultural", text="A shared referral form")

    participant, card = paper_answer_record(
        workshop=workshop, participant=None, sector="funder", record=record
    )
    assert participant.on_paper and participant.sector == "funder"
    assert card.participant == participant

    # an empty card is refused, and no new person is left behind
    with pytest.raises(ValidationError):
        paper_answer_record(
            workshop=workshop,
            participant=None,
            sector="funder",
            record=lambda p: card_add(activity=board, participant=p, column="Cultural", text="  "),
        )
    assert Participant.objects.filter(workshop=workshop).count() == 1

    # the same person again
    again, _ = paper_answer_record(workshop=workshop, participant=participant, sector="", record=record)
    assert again == participant


def test_paper_answer_record_refuses_someone_with_a_device():
    board = ActivityFactory(state=ActivityState.OPEN)
    phone = ParticipantFactory(workshop=board.workshop)
    with pytest.raises(ValidationError):
        paper_answer_record(workshop=board.workshop, participant=phone, sector="", record=lambda p: None)
