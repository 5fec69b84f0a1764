"""The results selectors and pages: each kind's result from known contributions, the series comparison."""

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.workshops.models import ActivityKind, Statement, StatementVote
from coproduce.workshops.selectors.results import series_results, workshop_results
from coproduce.workshops.services.carry import activity_carry_forward
from coproduce.workshops.services.snapshots import workshop_result_snapshots_refresh

from .factories import ActivityFactory, ParticipantFactory, StatementFactory, WorkshopFactory
from .test_results_data import results_world

pytestmark = pytest.mark.django_db


def _results(workshop):
    """The results once the stored ones are worked out, as the results page and downloads have them."""
    workshop_result_snapshots_refresh(workshop=workshop, now=True)
    return workshop_results(workshop=workshop)


def _by_kind(results):
    return {item.activity.kind: item for item in results.activities}


def test_workshop_results_idea_board_and_dots(project):
    world = results_world(project)
    items = _by_kind(_results(world.workshop))
    board = items[ActivityKind.IDEA_BOARD]
    # The hidden card is left out; columns keep the board's order.
    assert board.n_cards == 4
    assert [c.column for c in board.columns] == ["Cultural", "Tactical", "Strategic"]
    cultural = board.columns[0].groups
    assert [g.cluster.title for g in cultural] == ["Shared front door"]
    assert [c.text for c in cultural[0].cards] == ["One referral form", "A single phone number"]
    strategic = board.columns[2].groups
    assert strategic[0].cluster is None and [c.text for c in strategic[0].cards] == ["+ more money for hubs"]
    assert [(c.cluster.title, c.n_cards, c.dots) for c in board.clusters] == [
        ("Shared front door", 2, 3),
        ("Joint training", 1, 1),
    ]
    dots = items[ActivityKind.DOT_VOTE]
    assert [(r.label, r.dots, r.share) for r in dots.dots] == [
        ("Shared front door", 3, 0.75),
        ("Joint training", 1, 0.25),
    ]
    assert (dots.n_dots, dots.n_dot_voters) == (4, 4)


def test_workshop_results_statements_pairwise_participation(project):
    world = results_world(project)
    results = _results(world.workshop)
    items = _by_kind(results)
    statements = items[ActivityKind.STATEMENTS]
    assert statements.map is not None
    assert [g.size for g in statements.map.groups] == [3, 3]
    assert {p.shape for p in statements.map.points} == {"circle", "square"}
    assert statements.summary.sectors == (
        "Local authority",
        "VCFSE (voluntary, community, faith, social enterprise)",
    )
    assert statements.summary.members[5][2] == "No sector given"
    pairwise = items[ActivityKind.PAIRWISE]
    assert pairwise.pairwise.status == "scores"
    assert [r.text for r in pairwise.pairwise_rows] == ["Shared form", "Joint training"]
    assert pairwise.pairwise_rows[0].score.wins == 6
    counts = {s.sector: s.participants for s in results.participation}
    assert (counts["vcfse"], counts["local_authority"], counts["prefer_not"]) == (3, 2, 1)
    assert results.n_participants == 6


def test_results_page_shows_every_kind_and_no_names(project, lead_client):
    world = results_world(project)
    url = reverse(
        "workshops:workshop_results",
        kwargs={"project_id": project.public_id, "workshop_id": world.workshop.public_id},
    )
    page = lead_client.get(url).content.decode()
    for expected in [
        "Shared front door", "Opinion map", "Group A", "Each participant", "Common ground",
        "Agreement across sectors", "Range (95%)", "Who took part", "Download the votes in Pol.is",
    ]:  # fmt: skip
        assert expected in page
    assert "Secret" not in page  # display names never appear
    assert "Rude remark" not in page  # hidden by a moderator
    assert 'role="img"' in page and "<desc" in page


def test_results_page_says_not_enough_votes_yet(project, lead_client):
    activity = ActivityFactory(workshop__series__project=project, kind=ActivityKind.STATEMENTS)
    statement = StatementFactory(activity=activity)
    StatementVote.objects.create(
        statement=statement, participant=ParticipantFactory(workshop=activity.workshop), value=1
    )
    ActivityFactory(workshop=activity.workshop, kind=ActivityKind.PAIRWISE)
    url = reverse(
        "workshops:workshop_results",
        kwargs={"project_id": project.public_id, "workshop_id": activity.workshop.public_id},
    )
    page = lead_client.get(url).content.decode()
    assert "Not enough votes yet to find opinion groups" in page
    assert "No choices made yet" in page


def test_series_results_compare_workshops_and_carried_statements(project, lead):
    world = results_world(project)
    later = WorkshopFactory(
        series=world.workshop.series, starts_at=world.workshop.starts_at + dt.timedelta(days=30)
    )
    copy = activity_carry_forward(source=world.statements, workshop=later, by=lead)
    person = ParticipantFactory(workshop=later, number=1)
    StatementVote.objects.create(
        statement=Statement.objects.get(activity=copy, number=0), participant=person, value=-1
    )
    results = series_results(series=world.workshop.series)
    assert [w.workshop for w in results.workshops] == [world.workshop, later]
    assert [w.n_participants for w in results.workshops] == [6, 1]
    assert results.workshops[0].top_clusters[0].cluster.title == "Shared front door"
    carried = {c.text: c.counts for c in results.carried}
    # Three accepted statements were carried; the moderated-out one was not.
    assert len(carried) == 3
    first, second = carried["Funders should pool small grants"]
    assert first is not None and second is not None
    assert (first.agree, first.n) == (5, 6)
    assert (second.disagree, second.n) == (1, 1)


def test_series_results_page(project, lead_client):
    world = results_world(project)
    url = reverse(
        "workshops:series_results",
        kwargs={"project_id": project.public_id, "series_id": world.workshop.series.public_id},
    )
    page = lead_client.get(url).content.decode()
    assert "Who took part" in page and "Shared front door" in page
    assert "No statements have been carried" in page
