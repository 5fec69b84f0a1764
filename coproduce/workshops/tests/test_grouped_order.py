"""Counted lists keep their stated order on every database: a query grouped for its counts does not take the
model's ordering, so each names its own. Each list here is made in the opposite order to its rows' ids, so a
list left in the database's order (SQLite: by id; PostgreSQL: any) comes out wrong."""

import datetime

import pytest
from django.utils import timezone

from coproduce.workshops.models import ActivityKind, Card, Cluster, Statement, VoteTarget, WorkshopStatus
from coproduce.workshops.selectors.held import workshops_held_results
from coproduce.workshops.selectors.live import dot_tally, statement_tally

from .factories import ActivityFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_held_workshops_come_earliest_first():
    later = WorkshopFactory(
        status=WorkshopStatus.ENDED, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    earlier = WorkshopFactory(
        series=later.series,
        status=WorkshopStatus.ENDED,
        starts_at=timezone.now() - datetime.timedelta(days=9),
    )

    held = workshops_held_results(project=later.project)

    assert [h.workshop for h in held] == [earlier, later]


def test_statements_are_tallied_in_their_numbers_order():
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS)
    Statement.objects.create(activity=activity, number=2, text="Second")
    Statement.objects.create(activity=activity, number=1, text="First")

    assert [row.number for row in statement_tally(activity=activity)] == [1, 2]


def test_cards_and_clusters_with_as_many_dots_keep_the_boards_order():
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    dots = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=3)
    second = Card.objects.create(activity=board, column="Ideas", text="Written second")
    first = Card.objects.create(activity=board, column="Ideas", text="Written first")
    Card.objects.filter(pk=first.pk).update(created_at=second.created_at - datetime.timedelta(minutes=1))
    Cluster.objects.create(activity=board, title="Placed second", order=2)
    Cluster.objects.create(activity=board, title="Placed first", order=1)

    assert [row.text for row in dot_tally(activity=dots)] == ["Written first", "Written second"]
    dots.vote_on = VoteTarget.CLUSTERS
    assert [row.text for row in dot_tally(activity=dots)] == ["Placed first", "Placed second"]
