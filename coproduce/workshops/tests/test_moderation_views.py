"""The moderation page: cards by cluster, keyboard and drag-and-drop moves, suggestions, edit and merge."""

import pytest
from django.urls import reverse

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import ActivityKind, Card, Cluster

from .factories import ActivityFactory, CardFactory

pytestmark = pytest.mark.django_db

SCRIPT = {"X-Requested-With": "fetch"}  # what workshop-live.js sends for a fragment


@pytest.fixture
def board():
    return ActivityFactory()


@pytest.fixture
def facilitator(client, board):
    client.force_login(MembershipFactory(project=board.workshop.project, role=ProjectRole.FACILITATOR).user)
    return client


def _url(name, board, **kwargs):
    workshop = board.workshop
    base = {
        "project_id": workshop.project.public_id,
        "workshop_id": workshop.public_id,
        "activity_id": board.public_id,
    }
    return reverse(name, kwargs={**base, **kwargs})


def test_moderation_page_lists_clusters_cards_and_suggestions(facilitator, board):
    cluster = Cluster.objects.create(activity=board, title="Front door")
    CardFactory(activity=board, cluster=cluster, text="Joint training days")
    CardFactory(activity=board, text="One referral form for every service")
    CardFactory(activity=board, text="A shared referral form")
    CardFactory(activity=board, text="Hidden words", hidden=True)
    page = facilitator.get(_url("workshops:moderation", board)).content.decode()
    assert "Front door (1 card)" in page
    assert "Suggested clusters" in page and 'value="Form, referral, service"' in page
    assert "Hidden cards" in page and "Show again" in page
    assert page.count('draggable="true"') == 3
    assert "js/clusters.js" in page
    partial = facilitator.get(_url("workshops:moderation_partial", board), headers=SCRIPT).content.decode()
    assert "Front door (1 card)" in partial and "<html" not in partial


def test_moderation_refuses_an_activity_that_is_not_an_idea_board(facilitator, board):
    vote = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE)
    assert facilitator.get(_url("workshops:moderation", vote)).status_code == 404


def test_card_cluster_by_form_and_by_drag_and_drop(facilitator, board):
    card = CardFactory(activity=board)
    cluster = Cluster.objects.create(activity=board, title="Training")
    url = _url("workshops:card_cluster", board, card_id=card.public_id)

    response = facilitator.post(url, {"cluster": str(cluster.public_id)})
    assert response.status_code == 302
    assert Card.objects.get(pk=card.pk).cluster == cluster

    response = facilitator.post(url, {"cluster": ""}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 204
    assert Card.objects.get(pk=card.pk).cluster is None


def test_card_hide_show_edit_and_merge(facilitator, board):
    card, other = CardFactory(activity=board), CardFactory(activity=board)
    visibility = _url("workshops:card_visibility", board, card_id=card.public_id)
    facilitator.post(visibility, {"hidden": "1"})
    assert Card.objects.get(pk=card.pk).hidden
    facilitator.post(visibility, {"hidden": "0"})
    assert not Card.objects.get(pk=card.pk).hidden

    edit = _url("workshops:card_edit", board, card_id=card.public_id)
    page = facilitator.get(edit).content.decode()
    assert "Merge into another card" in page and other.text in page
    assert facilitator.post(edit, {"text": ""}).status_code == 400
    facilitator.post(edit, {"text": "Fixed words"})
    card.refresh_from_db()
    assert card.text == "Fixed words" and card.edited

    facilitator.post(
        _url("workshops:card_merge", board, card_id=card.public_id), {"into": str(other.public_id)}
    )
    card.refresh_from_db()
    assert card.hidden and card.merged_into == other


def test_cluster_create_rename_delete_pages(facilitator, board):
    facilitator.post(_url("workshops:cluster_create", board), {"title": "Training"})
    cluster = Cluster.objects.get(activity=board)
    rename = _url("workshops:cluster_rename", board, cluster_id=cluster.public_id)
    assert 'value="Training"' in facilitator.get(rename).content.decode()
    facilitator.post(rename, {"title": "Joint training"})
    assert Cluster.objects.get(pk=cluster.pk).title == "Joint training"
    facilitator.post(_url("workshops:cluster_delete", board, cluster_id=cluster.public_id))
    assert not Cluster.objects.filter(activity=board).exists()


def test_suggestion_accept_and_reject(facilitator, board):
    cards = [CardFactory(activity=board, text=t) for t in ("One referral form", "Shared referral forms")]
    keys = [str(c.public_id) for c in cards]
    page_url = _url("workshops:moderation", board)

    facilitator.post(_url("workshops:suggestion_reject", board), {"cards": keys})
    assert "Suggested clusters" not in facilitator.get(page_url).content.decode()

    facilitator.post(_url("workshops:suggestion_accept", board), {"cards": keys, "title": "Referral forms"})
    cluster = Cluster.objects.get(activity=board)
    assert cluster.title == "Referral forms" and cluster.cards.count() == 2
