"""The demo workshops: a past workshop with results that form two opinion groups, and a planned one."""

import pytest

from coproduce.dashboard.demo import demo_seed
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Card,
    Cluster,
    Invitation,
    StatementVote,
    WorkshopSeries,
    WorkshopStatus,
)
from coproduce.workshops.opinion import opinion_analyse


@pytest.mark.django_db
def test_demo_workshops_have_a_past_and_a_planned_workshop():
    project = demo_seed()
    series = WorkshopSeries.objects.get(project=project)
    past, planned = series.workshops.order_by("starts_at")
    assert (past.status, planned.status) == (WorkshopStatus.ENDED, WorkshopStatus.PLANNED)
    board = past.activities.get(kind=ActivityKind.IDEA_BOARD)
    assert Card.objects.filter(activity=board).count() == 12
    assert Cluster.objects.filter(activity=board).count() == 3
    assert past.activities.get(kind=ActivityKind.DOT_VOTE).state == ActivityState.REVEALED
    statements = past.activities.get(kind=ActivityKind.STATEMENTS)
    assert statements.statements.filter(is_seed=True).count() == 8
    votes = StatementVote.objects.filter(statement__activity=statements)
    assert votes.values("participant").distinct().count() == 14
    analysis = opinion_analyse(
        votes=[(v.participant_id, v.statement.number, v.value) for v in votes.select_related("statement")]
    )
    assert analysis.status == "groups" and len(analysis.groups) == 2
    assert set(planned.activities.values_list("state", flat=True)) == {ActivityState.DRAFT}
    assert Invitation.objects.filter(workshop=planned).exists()
    assert Invitation.objects.filter(workshop=past, attended=True).exists()
