"""Dots counted by the database: each count is one grouped query, whatever the number of dots."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.workshops.models import ActivityKind, Card, Cluster, DotVote
from coproduce.workshops.selectors.dots import card_dots, cluster_dots, dot_counts, dot_voters

from .factories import ActivityFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    """Cards "A" and "B" in the cluster "Trust", "C" in none; one dot voting puts 3 dots on A, 1 on B,
    2 on C and 2 on "Trust" itself, from 3 people; another puts 1 on A."""
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD)
    trust = Cluster.objects.create(activity=board, title="Trust")
    cards = {
        text: Card.objects.create(activity=board, column="Cultural", text=text, cluster=cluster)
        for text, cluster in (("A", trust), ("B", trust), ("C", None))
    }
    first = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board)
    second = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board)
    people = [ParticipantFactory(workshop=board.workshop) for _ in range(3)]
    for n, target in enumerate(["A", "A", "A", "B", "C", "C", "Trust", "Trust"]):
        on = {"cluster": trust} if target == "Trust" else {"card": cards[target]}
        DotVote.objects.create(activity=first, participant=people[n % 3], slot=n // 3 + 1, allowance=3, **on)
    DotVote.objects.create(activity=second, participant=people[0], card=cards["A"], slot=1, allowance=3)
    return {"trust": trust, "first": first, "second": second, **cards}


def _counted(function, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        result = function(**kwargs)
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"].upper()
    assert "COUNT(" in sql and "GROUP BY" in sql  # counted by the database, not row by row here
    return result


def test_card_and_cluster_dots_are_counted_by_the_database_in_one_query(board):
    by_card = _counted(card_dots, card_ids=[board[t].pk for t in "ABC"])
    assert by_card == {board["A"].pk: 4, board["B"].pk: 1, board["C"].pk: 2}
    # the cluster: 2 dots on it, and 4 + 1 on its cards, in both dot votings
    assert _counted(cluster_dots, cluster_ids=[board["trust"].pk]) == {board["trust"].pk: 7}


def test_each_dot_votings_dots_are_counted_by_card_and_cluster_in_one_query(board):
    counts = _counted(dot_counts, activity_ids=[board["first"].pk])
    found = {(c.card or c.cluster, c.cluster, c.on_cluster): c.dots for c in counts}
    assert found == {
        ("A", "Trust", False): 3,
        ("B", "Trust", False): 1,
        ("C", "", False): 2,
        ("Trust", "Trust", True): 2,
    }
    totals = _counted(dot_voters, activity_ids=[board["first"].pk, board["second"].pk])
    assert totals == {board["first"].pk: (8, 3), board["second"].pk: (1, 1)}
