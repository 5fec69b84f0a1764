"""An answer a phone sends again (a resend after a reload, a double tap, a lost answer) is saved once.

These are the requests take-part-queue.js sends for answers kept offline: the form's fields with the
answer's own client_key, as HTMX. The second gets the same answer as the first and stores nothing more.
"""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from coproduce.workshops.models import (
    ActivityKind,
    Card,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    StatementVote,
)
from coproduce.workshops.services.pairwise_choices import pairwise_pair_serve

from .factories import ActivityFactory, CardFactory, StatementFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _card(workshop, person):
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    url = reverse("workshops_public:card_add", args=[workshop.join_code, board.public_id])
    return url, {"column": "Ideas", "text": "Meet monthly 👩🏽‍🔧"}


def _dot(workshop, person):
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, state="closed")
    card = CardFactory(activity=board)
    dots = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board)
    url = reverse("workshops_public:dot_add", args=[workshop.join_code, dots.public_id])
    return url, {"card": str(card.public_id)}


def _pairwise(workshop, person):
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE)
    for order, text in enumerate(["Shared referral form", "One front door", "Joint training"]):
        PairwiseOption.objects.create(activity=activity, text=text, order=order)
    served = pairwise_pair_serve(activity=activity, participant=person)
    assert served is not None
    url = reverse("workshops_public:pairwise_vote", args=[workshop.join_code, activity.public_id])
    return url, {"pair": str(served.public_id), "winner": str(served.first.public_id)}


def _statement_vote(workshop, person):
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS)
    statement = StatementFactory(activity=activity, number=1)
    url = reverse("workshops_public:statement_vote", args=[workshop.join_code, statement.public_id])
    return url, {"value": "agree"}


@pytest.mark.parametrize(
    ("answer", "model"),
    [(_card, Card), (_dot, DotVote), (_pairwise, PairwiseVote), (_statement_vote, StatementVote)],
)
def test_the_same_answer_sent_twice_is_saved_once(answer, model, joined, workshop, person):
    url, fields = answer(workshop, person)
    fields["client_key"] = str(uuid.uuid4())

    first = joined.post(url, fields, **HTMX)
    again = joined.post(url, fields, **HTMX)

    assert (first.status_code, again.status_code) == (200, 200)
    assert model.objects.count() == 1


def test_two_answers_with_their_own_keys_are_two(joined, workshop, person):
    url, fields = _dot(workshop, person)
    for _ in range(2):
        joined.post(url, {**fields, "client_key": str(uuid.uuid4())}, **HTMX)
    assert DotVote.objects.count() == 2
