"""Carrying statements and clusters into the next workshop of the series: the service and its page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.projects.permissions import ProjectRole
from coproduce.workshops.models import (
    Activity,
    ActivityState,
    Card,
    Cluster,
    Statement,
    WorkshopStatus,
)
from coproduce.workshops.services.carry import activity_carry_forward

from .factories import WorkshopFactory
from .test_results_data import results_world

pytestmark = pytest.mark.django_db


def _later(world, days: int = 30, **kwargs):
    starts = world.workshop.starts_at + dt.timedelta(days=days)
    return WorkshopFactory(series=world.workshop.series, starts_at=starts, **kwargs)


def test_activity_carry_forward_statements(project, lead):
    world = results_world(project)
    later = _later(world, status=WorkshopStatus.PLANNED)
    copy = activity_carry_forward(source=world.statements, workshop=later, by=lead)
    assert (copy.workshop, copy.state, copy.carried_from, copy.kind) == (
        later, ActivityState.DRAFT, world.statements, world.statements.kind,
    )  # fmt: skip
    copied = list(Statement.objects.filter(activity=copy))
    # Accepted statements only (the moderated-out one stays behind), numbered from 0, as seeds.
    assert [s.number for s in copied] == [0, 1, 2]
    assert [s.carried_from.number for s in copied if s.carried_from] == [0, 1, 2]
    assert all(s.is_seed and s.author is None for s in copied)
    event = AuditEvent.objects.get(action="workshops.activity.carried")
    assert event.changes["statements"] == 3


def test_activity_carry_forward_idea_board(project, lead):
    world = results_world(project)
    later = _later(world)
    copy = activity_carry_forward(source=world.board, workshop=later, by=lead)
    clusters = list(Cluster.objects.filter(activity=copy))
    assert [(c.title, c.carried_from) for c in clusters] == [
        ("Shared front door", world.clusters["door"]),
        ("Joint training", world.clusters["training"]),
    ]
    cards = Card.objects.filter(activity=copy)
    # Cards in clusters come along, without their author; loose and hidden cards do not.
    assert sorted(c.text for c in cards) == [
        "A single phone number",
        "One referral form",
        "Train together twice a year",
    ]
    assert all(c.participant is None and c.cluster and c.cluster.activity == copy for c in cards)
    assert copy.columns == world.board.columns
    assert copy.order == 0


@pytest.mark.parametrize("case", ["same", "earlier", "other_series", "ended", "dots"])
def test_activity_carry_forward_refusals(project, lead, case):
    world = results_world(project)
    source = world.dots if case == "dots" else world.statements
    target = {
        "same": world.workshop,
        "earlier": _later(world, days=-30),
        "other_series": WorkshopFactory(
            series__project=project, starts_at=world.workshop.starts_at + dt.timedelta(days=9)
        ),
        "ended": _later(world, status=WorkshopStatus.ENDED),
        "dots": _later(world),
    }[case]
    with pytest.raises(ValidationError):
        activity_carry_forward(source=source, workshop=target, by=lead)


def _carry_url(project, world, activity):
    return reverse(
        "workshops:activity_carry",
        kwargs={
            "project_id": project.public_id,
            "workshop_id": world.workshop.public_id,
            "activity_id": activity.public_id,
        },
    )


def test_activity_carry_page(project, lead_client):
    world = results_world(project)
    later = _later(world)
    results_url = reverse(
        "workshops:workshop_results",
        kwargs={"project_id": project.public_id, "workshop_id": world.workshop.public_id},
    )
    page = lead_client.get(results_url).content.decode()
    assert "Carry forward as a draft" in page and later.title in page
    response = lead_client.post(
        _carry_url(project, world, world.statements), {"workshop": str(later.public_id)}
    )
    assert response.status_code == 302
    assert response.url == later.get_absolute_url()
    assert Activity.objects.filter(workshop=later, carried_from=world.statements).exists()
    refused = lead_client.post(
        _carry_url(project, world, world.statements), {"workshop": str(world.workshop.public_id)}
    )
    assert refused.url == results_url
    assert Activity.objects.filter(workshop=world.workshop, carried_from__isnull=False).count() == 0


def test_activity_carry_page_needs_plan_workshops(project, member, client):
    world = results_world(project)
    later = _later(world)
    client.force_login(member(ProjectRole.FACILITATOR))
    response = client.post(_carry_url(project, world, world.statements), {"workshop": str(later.public_id)})
    assert response.status_code == 403
