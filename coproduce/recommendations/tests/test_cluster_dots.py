"""Dots are counted the same way wherever they are shown: a cluster's dots include the dots on its cards.

Hand-counted board: cluster "Shared referrals" holds cards A (6 dots) and B (8 dots) and got 3 dots of its
own in a vote on clusters, so it has 6 + 8 + 3 = 17 dots; card C, outside the cluster, got 4 dots that
count for no cluster. Card A alone shows 6.
"""

import pytest
from django.urls import reverse

from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.recommendations.services.recommendations import recommendation_create
from coproduce.workshops.models import ActivityKind, Cluster, DotVote, VoteTarget
from coproduce.workshops.selectors.results import clusters_ranked
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    CardFactory,
    ParticipantFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def _dots(vote, workshop, n, **target):
    for slot in range(1, n + 1):
        person = ParticipantFactory(workshop=workshop)
        DotVote.objects.create(activity=vote, participant=person, slot=slot, allowance=n, **target)


@pytest.fixture
def board(project):
    workshop = WorkshopFactory(series__project=project)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD)
    cluster = Cluster.objects.create(activity=board, title="Shared referrals")
    card_a = CardFactory(activity=board, cluster=cluster, text="One referral form")
    card_b = CardFactory(activity=board, cluster=cluster, text="One named worker")
    card_c = CardFactory(activity=board, text="Longer grants")
    on_cards = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board)
    on_clusters = ActivityFactory(
        workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, vote_on=VoteTarget.CLUSTERS
    )
    _dots(on_cards, workshop, 6, card=card_a)
    _dots(on_cards, workshop, 8, card=card_b)
    _dots(on_cards, workshop, 4, card=card_c)
    _dots(on_clusters, workshop, 3, cluster=cluster)
    return board, cluster, card_a


@pytest.fixture
def element(project, lead, board):
    _, cluster, card_a = board
    framework = framework_create(project=project, by=lead, title="Early help together")
    element = element_create(framework=framework, by=lead, title="One front door", level="cultural")
    evidence_link_add(element=element, by=lead, kind="cluster", target=cluster)
    evidence_link_add(element=element, by=lead, kind="card", target=card_a)
    return element


def test_the_element_page_counts_a_clusters_dots_through_its_cards(lead_client, element):
    url = reverse(
        "frameworks:element_detail",
        kwargs={
            "project_id": element.framework.project.public_id,
            "framework_id": element.framework.public_id,
            "element_id": element.public_id,
        },
    )

    page = lead_client.get(url).content.decode()

    assert "17 dots" in page and "6 dots" in page
    assert "0 dots" not in page and "3 dots" not in page


def test_the_trace_page_counts_a_clusters_dots_through_its_cards(project, lead, lead_client, element):
    recommendation = recommendation_create(
        project=project, by=lead, action="One front door", elements=[element]
    )
    url = reverse(
        "recommendations:recommendation_trace",
        kwargs={"project_id": project.public_id, "recommendation_id": recommendation.public_id},
    )

    page = lead_client.get(url).content.decode()

    assert "17 dots" in page and "6 dots" in page and "0 dots" not in page


def test_the_workshop_results_count_the_cluster_the_same_way(board):
    board_activity, cluster, _ = board

    (row,) = clusters_ranked(activity=board_activity)

    assert (row.cluster, row.n_cards, row.dots) == (cluster, 2, 17)
