"""The facilitator's view of who joined: joins per minute, and removing a participant with their
contributions (selectors/participants.py, services.participation.participant_remove,
views/participants.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import (
    ActivityKind,
    Card,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    Participant,
    Statement,
    StatementVote,
)
from coproduce.workshops.selectors.live import participation_by_sector
from coproduce.workshops.selectors.participants import joins_per_minute

from .factories import ActivityFactory, CardFactory, ParticipantFactory, StatementFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return WorkshopFactory()


@pytest.fixture
def facilitator(client, workshop):
    client.force_login(MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user)
    return client


def _url(name, workshop, **kwargs):
    kwargs = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id, **kwargs}
    return reverse(f"workshops:{name}", kwargs=kwargs)


def _contributions(workshop, person):
    """One of each contribution by `person`, and a dot and a vote by someone else on their card and
    statement; returns that someone else."""
    other = ParticipantFactory(workshop=workshop)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD)
    card = CardFactory(activity=board, participant=person)
    dots = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=3)
    for slot, who in [(1, person), (1, other)]:
        DotVote.objects.create(activity=dots, participant=who, card=card, slot=slot, allowance=3)
    theirs = StatementFactory(activity__workshop=workshop, author=person, is_seed=False)
    seed = StatementFactory(activity=theirs.activity)
    StatementVote.objects.create(statement=theirs, participant=other, value=1)
    StatementVote.objects.create(statement=seed, participant=person, value=-1)
    StatementVote.objects.create(statement=seed, participant=other, value=1)
    pairwise = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE)
    a, b = (
        PairwiseOption.objects.create(activity=pairwise, text=t) for t in ("One front door", "Shared form")
    )
    for _ in range(3):
        PairwiseVote.objects.create(activity=pairwise, participant=person, winner=a, loser=b)
    return other


def test_removing_a_participant_removes_their_contributions_and_is_audited(
    facilitator, workshop, sent, django_capture_on_commit_callbacks
):
    # given a participant with one of each contribution, and someone else who voted on theirs
    person = ParticipantFactory(workshop=workshop)
    other = _contributions(workshop, person)

    # when the facilitator opens the confirmation, nothing changes yet; the page says what will go
    page = facilitator.get(_url("participant_remove", workshop, participant_id=person.public_id))
    assert page.status_code == 200
    assert f"Remove participant {person.number} and everything they contributed?" in page.text
    assert Participant.objects.filter(pk=person.pk).exists()

    # when they confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator.post(_url("participant_remove", workshop, participant_id=person.public_id))

    # then the participant, their card and statement (with the dot and vote on them), their votes, dots
    # and choices are gone, and the other person keeps only their own vote on the seed statement
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=person.pk).exists()
    assert not Card.objects.exists() and not DotVote.objects.exists() and not PairwiseVote.objects.exists()
    assert list(Statement.objects.values_list("author", flat=True)) == [None]
    assert list(StatementVote.objects.values_list("participant", flat=True)) == [other.pk]
    assert sum(row.participants for row in participation_by_sector(workshop=workshop)) == 1

    # and the removal is audited by number and counts, with who did it
    event = AuditEvent.objects.get(action="workshops.participant.removed")
    assert event.object_repr == f"Participant {person.number}"
    assert event.actor is not None
    assert {
        k: event.changes[k] for k in ("cards", "statements", "statement_votes", "dots", "pairwise_votes")
    } == {
        "cards": 1,
        "statements": 1,
        "statement_votes": 1,
        "dots": 1,
        "pairwise_votes": 3,
    }

    # and the screens hear it after the commit (they fetch their tallies again), the phones that a
    # statement went
    events = [(group.rsplit(".", 1)[1], message["event"]) for group, message in sent]
    assert ("screens", "participant.removed") in events
    assert ("people", "statements.changed") in events


def test_removing_a_participant_of_another_workshop_is_not_found(facilitator, workshop):
    stranger = ParticipantFactory()  # in another project's workshop
    response = facilitator.post(_url("participant_remove", workshop, participant_id=stranger.public_id))
    assert response.status_code == 404
    assert Participant.objects.filter(pk=stranger.pk).exists()


def test_participant_list_shows_each_persons_contributions(facilitator, workshop):
    person = ParticipantFactory(workshop=workshop, display_name="Sam")
    _contributions(workshop, person)
    page = facilitator.get(_url("participant_list", workshop)).text
    assert "2 people, newest first" in page
    assert f'Remove<span class="govuk-visually-hidden"> participant {person.number}' in page


def test_joins_per_minute_shown_on_the_facilitators_page(facilitator, workshop):
    # given 4 people who joined by phone 2 minutes ago, 1 just now, 1 on paper, and 1 an hour ago
    now = timezone.now()
    for minutes_ago, on_paper in [(2, False)] * 4 + [(0, False), (0, True), (60, False)]:
        person = ParticipantFactory(workshop=workshop, on_paper=on_paper)
        Participant.objects.filter(pk=person.pk).update(
            created_at=now - datetime.timedelta(minutes=minutes_ago)
        )

    # then the selector counts them by minute, oldest first, the current minute last
    rate = joins_per_minute(workshop=workshop)
    assert rate.busiest is not None
    assert len(rate.minutes) == 10
    assert (rate.total, rate.minutes[-1].joins, rate.busiest.joins) == (5, 1, 4)

    # and the facilitator's live page says so in words and in a table
    page = facilitator.get(_url("facilitate", workshop)).text
    busiest = timezone.localtime(rate.busiest.start).strftime("%H:%M")
    assert (
        f"5 people joined by phone in the last 10 minutes; the busiest minute was {busiest}, with 4" in page
    )
    assert "People who joined by phone in each of the last 10 minutes" in page
