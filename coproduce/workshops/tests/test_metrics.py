"""The workshop figures in /metrics: votes recorded, counted once saved, and open sockets."""

import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from prometheus_client import CollectorRegistry

from config.asgi import application
from coproduce.core import metrics
from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import ActivityKind, ActivityState, PairwiseOption
from coproduce.workshops.services.contributions import dot_add, statement_vote
from coproduce.workshops.services.pairwise_choices import pairwise_pair_serve, pairwise_vote
from coproduce.workshops.services.statement_votes import Ballot, statement_votes_record

from .factories import ActivityFactory, CardFactory, ParticipantFactory, StatementFactory
from .websocket import WebsocketCommunicator, run_async


def _figure(name: str, **labels: str) -> float:
    return metrics.metrics_registry().get_sample_value(name, labels) or 0.0


def _votes(kind: str) -> float:
    return _figure("coproduce_votes_recorded_total", kind=kind)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.mark.django_db
def test_statement_votes_are_counted_once_committed(django_capture_on_commit_callbacks):
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    statement = StatementFactory(activity=activity)
    people = [ParticipantFactory(workshop=activity.workshop) for _ in range(3)]
    before = _votes("statement")

    # when one vote is posted from a page and two arrive together over sockets
    with django_capture_on_commit_callbacks(execute=True):
        statement_vote(statement=statement, participant=people[0], value=1)
    with django_capture_on_commit_callbacks(execute=True):
        statement_votes_record(
            ballots=[
                Ballot(participant_id=p.pk, statement_id=statement.public_id, value=-1) for p in people[1:]
            ]
        )

    # then three votes are counted
    assert _votes("statement") - before == 3


@pytest.mark.django_db
def test_a_vote_whose_transaction_rolls_back_is_not_counted(django_capture_on_commit_callbacks):
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    statement, person = StatementFactory(activity=activity), ParticipantFactory(workshop=activity.workshop)
    before = _votes("statement")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        statement_vote(statement=statement, participant=person, value=1)
        raise RuntimeError("the outer write failed")

    assert _votes("statement") == before


@pytest.mark.django_db
def test_dots_and_pairwise_choices_are_counted_and_a_refused_one_is_not(django_capture_on_commit_callbacks):
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD)
    card = CardFactory(activity=board)
    dots = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=1)
    pairwise = ActivityFactory(workshop=board.workshop, kind=ActivityKind.PAIRWISE)
    for order, text in enumerate(["Shared referral form", "One front door"]):
        PairwiseOption.objects.create(activity=pairwise, text=text, order=order)
    person = ParticipantFactory(workshop=board.workshop)
    before = (_votes("dot"), _votes("pairwise"))

    with django_capture_on_commit_callbacks(execute=True):
        dot_add(activity=dots, participant=person, card=card, client_key=uuid.uuid4())
        with pytest.raises(ValidationError):  # beyond the one dot allowed
            dot_add(activity=dots, participant=person, card=card)
        served = pairwise_pair_serve(activity=pairwise, participant=person)
        assert served is not None
        pairwise_vote(activity=pairwise, participant=person, winner=served.first, pair=served.public_id)

    assert (_votes("dot") - before[0], _votes("pairwise") - before[1]) == (1, 1)


def _open_sockets(audience: str) -> float:
    registry = CollectorRegistry()  # the gauge alone: no task table read inside the event loop
    registry.register(metrics.SOCKETS)
    return registry.get_sample_value("coproduce_websocket_connections", {"audience": audience}) or 0.0


@pytest.mark.django_db(transaction=True)
def test_open_sockets_go_up_on_connect_and_down_on_disconnect():
    # given a participant's phone with its cookie
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    person = ParticipantFactory(workshop=activity.workshop)
    cookie = f"{participant_cookie_name(workshop=activity.workshop)}={participant_token(participant=person)}"
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie.encode())]
    path = f"/ws/workshops/{activity.workshop.public_id}/people/"
    before = _open_sockets("people")

    async def connect_then_disconnect() -> tuple[float, float]:
        socket = WebsocketCommunicator(application, path, headers=headers)
        connected, _ = await socket.connect()
        assert connected
        while_open = _open_sockets("people")
        await socket.disconnect()
        return while_open, _open_sockets("people")

    # when the phone connects, then disconnects
    while_open, after = run_async(connect_then_disconnect)

    # then one more socket is open while it is connected, and none after
    assert while_open - before == 1
    assert after == before
