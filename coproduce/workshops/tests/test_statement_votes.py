"""Statement votes saved many at a time (the path of votes sent over a phone's socket)."""

import uuid

import pytest
from django.utils import timezone

from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    StatementStatus,
    StatementVote,
    WorkshopStatus,
)
from coproduce.workshops.services.contributions import NOT_ACCEPTED, NOT_JOINED, NOT_LIVE, NOT_OPEN, NOT_SHOWN
from coproduce.workshops.services.statement_votes import Ballot, statement_votes_record

from .factories import ActivityFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)


def _stored():
    return {(v.statement_id, v.participant_id): v.value for v in StatementVote.objects.all()}


def test_a_batch_saves_every_valid_vote_in_one_upsert(activity, django_assert_max_num_queries):
    # given three people and two statements of an open activity, one vote already stored
    first, second = StatementFactory(activity=activity), StatementFactory(activity=activity)
    people = [ParticipantFactory(workshop=activity.workshop) for _ in range(3)]
    StatementVote.objects.create(statement=first, participant=people[0], value=-1)
    ballots = [
        Ballot(participant_id=p.pk, statement_id=s.public_id, value=v)
        for p, s, v in [(people[0], first, 1), (people[1], first, 0), (people[2], second, -1)]
    ]

    # when they are saved together: statements, people, upsert, last seen, (savepoint in tests)
    with django_assert_max_num_queries(6):
        answers = statement_votes_record(ballots=ballots)

    # then each is saved, the earlier vote replaced, and the voters are seen
    assert answers == [None, None, None]
    assert _stored() == {
        (first.pk, people[0].pk): 1,
        (first.pk, people[1].pk): 0,
        (second.pk, people[2].pk): -1,
    }
    for person in people:
        person.refresh_from_db()
        assert person.last_seen_at is not None


def test_the_later_of_two_votes_by_one_person_wins(activity):
    statement = StatementFactory(activity=activity)
    person = ParticipantFactory(workshop=activity.workshop)
    ballots = [Ballot(participant_id=person.pk, statement_id=statement.public_id, value=v) for v in (1, -1)]
    assert statement_votes_record(ballots=ballots) == [None, None]
    assert _stored() == {(statement.pk, person.pk): -1}


def test_a_repeated_batch_stores_each_vote_once(activity):
    statement = StatementFactory(activity=activity)
    person = ParticipantFactory(workshop=activity.workshop)
    ballot = Ballot(participant_id=person.pk, statement_id=statement.public_id, value=0)
    statement_votes_record(ballots=[ballot])
    statement_votes_record(ballots=[ballot])
    assert StatementVote.objects.count() == 1


def test_each_refused_vote_gets_its_reason_and_its_neighbours_are_saved(activity):
    # given an open activity, and statements that cannot take votes for each reason
    workshop = activity.workshop
    person = ParticipantFactory(workshop=workshop)
    stranger = ParticipantFactory()
    good = StatementFactory(activity=activity)
    pending = StatementFactory(activity=activity, status=StatementStatus.PENDING)
    closed = StatementFactory(
        activity=ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.CLOSED)
    )
    cases = [
        (person.pk, good.public_id, 1, None),
        (person.pk, uuid.uuid4(), 1, NOT_SHOWN),
        (stranger.pk, good.public_id, 1, NOT_JOINED),
        (person.pk, pending.public_id, 1, NOT_ACCEPTED),
        (person.pk, closed.public_id, 1, NOT_OPEN),
        (10**9, good.public_id, 1, NOT_JOINED),  # a participant erased since the socket opened
        (person.pk, good.public_id, 5, "Choose agree, disagree or pass."),
    ]

    # when they are saved together
    ballots = [Ballot(participant_id=p, statement_id=s, value=v) for p, s, v, _ in cases]
    answers = statement_votes_record(ballots=ballots)

    # then only the valid vote is stored, and every other one says why
    assert answers == [reason for *_, reason in cases]
    assert _stored() == {(good.pk, person.pk): 1}


def test_votes_are_refused_once_the_workshop_ends(activity):
    statement = StatementFactory(activity=activity)
    person = ParticipantFactory(workshop=activity.workshop)
    type(activity.workshop).objects.filter(pk=activity.workshop.pk).update(status=WorkshopStatus.ENDED)
    ballot = Ballot(participant_id=person.pk, statement_id=statement.public_id, value=1)
    assert statement_votes_record(ballots=[ballot]) == [NOT_LIVE]
    assert not StatementVote.objects.exists()


def test_a_recent_visit_is_not_written_again(activity):
    statement = StatementFactory(activity=activity)
    seen = timezone.now()
    person = ParticipantFactory(workshop=activity.workshop, last_seen_at=seen)
    ballot = Ballot(participant_id=person.pk, statement_id=statement.public_id, value=1)
    statement_votes_record(ballots=[ballot])
    person.refresh_from_db()
    assert person.last_seen_at == seen


def test_a_batch_of_people_seen_within_the_minute_writes_no_visit(activity, django_assert_num_queries):
    # given two people whose phones were noted as here just now
    statement = StatementFactory(activity=activity)
    people = [ParticipantFactory(workshop=activity.workshop, last_seen_at=timezone.now()) for _ in range(2)]
    ballots = [Ballot(participant_id=p.pk, statement_id=statement.public_id, value=1) for p in people]

    # when their votes are saved: statements, people, upsert (and the test's savepoint and its release),
    # and no update of when they were last seen
    with django_assert_num_queries(5):
        answers = statement_votes_record(ballots=ballots)

    assert answers == [None, None]
    assert len(_stored()) == 2
