"""Requests at the same moment: dots never exceed the allowance, joins get distinct numbers (PostgreSQL)."""

import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, connections

from coproduce.workshops.models import ActivityKind, Card, DotVote, Participant
from coproduce.workshops.services.contributions import dot_add
from coproduce.workshops.services.participation import participant_join

from .factories import ActivityFactory, CardFactory, ParticipantFactory, WorkshopFactory

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_dot_add_concurrent_requests_never_exceed_the_allowance():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so nothing runs at once")
    cache.clear()
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD)
    card = CardFactory(activity=board)
    vote = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=3)
    person = ParticipantFactory(workshop=board.workshop)
    barrier = threading.Barrier(THREADS)
    results: list[str] = []

    def place() -> None:
        try:
            barrier.wait()
            dot_add(activity=vote, participant=person, card=Card.objects.get(pk=card.pk))
            results.append("stored")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert DotVote.objects.filter(activity=vote, participant=person).count() == 3
    assert sorted(results) == ["refused"] * (THREADS - 3) + ["stored"] * 3


@pytest.mark.django_db
def test_dot_add_sequential_requests_refused_after_the_allowance():
    cache.clear()
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD)
    card = CardFactory(activity=board)
    vote = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=2)
    person = ParticipantFactory(workshop=board.workshop)
    outcomes = []
    for _ in range(4):
        try:
            dot_add(activity=vote, participant=person, card=card)
            outcomes.append("stored")
        except ValidationError as error:
            outcomes.append(error.messages[0])
    assert outcomes == [
        "stored",
        "stored",
        "You have used all your 2 dots.",
        "You have used all your 2 dots.",
    ]
    assert DotVote.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_participant_join_concurrent_joins_get_distinct_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so nothing runs at once")
    workshop = WorkshopFactory()
    barrier = threading.Barrier(THREADS)

    def join() -> None:
        try:
            barrier.wait()
            participant_join(workshop=workshop, sector="prefer_not")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = sorted(Participant.objects.filter(workshop=workshop).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
