"""Moderating an idea board: hiding, editing and merging cards; clusters and suggested clusters."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.models import AuditEvent
from coproduce.workshops.models import ActivityKind, ActivityState, Card, Cluster, DotVote, VoteTarget
from coproduce.workshops.services.moderation import (
    card_cluster_set,
    card_edit,
    card_hide,
    card_merge,
    card_unhide,
    cluster_create,
    cluster_delete,
    cluster_rename,
    clusters_suggestion_accept,
)

from .factories import ActivityFactory, CardFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def by():
    return UserFactory()


def _dot(vote, card, slot=1):
    participant = ParticipantFactory(workshop=vote.workshop)
    return DotVote.objects.create(activity=vote, participant=participant, card=card, slot=slot, allowance=3)


def test_card_hide_and_unhide_tell_the_screens_only(by, sent, django_capture_on_commit_callbacks):
    card = CardFactory()
    with django_capture_on_commit_callbacks(execute=True):
        card_hide(card=card, by=by)
    card.refresh_from_db()
    assert card.hidden
    assert sent == [
        (
            f"workshop.{card.activity.workshop.public_id}.screens",
            {"event": "card.changed", "activity": str(card.activity.public_id)},
        )
    ]
    card_unhide(card=card, by=by)
    assert not card.hidden
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {"workshops.card.hidden", "workshops.card.shown"}


def test_card_edit_stores_plain_text_and_marks_it_edited(by):
    card = CardFactory(text="Original")
    card_edit(card=card, by=by, text="  <b>One</b> referral\u202e form ")
    card.refresh_from_db()
    assert card.text == "One referral form"
    assert card.edited
    event = AuditEvent.objects.get(action="workshops.card.edited")
    assert "referral" not in event.object_repr + str(event.changes)  # no participant's words in the audit


def test_card_edit_refuses_empty_text(by):
    with pytest.raises(ValidationError):
        card_edit(card=CardFactory(), by=by, text="<p> </p>")


def test_card_merge_hides_the_card_and_moves_its_dots_where_allowed(by):
    # given two cards on a board, dots on the duplicate in an open vote and in a revealed vote
    keep = CardFactory()
    board = keep.activity
    duplicate = CardFactory(activity=board)
    earlier = CardFactory(activity=board, hidden=True, merged_into=duplicate)
    open_vote = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board)
    revealed = ActivityFactory(
        workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, state=ActivityState.REVEALED
    )
    moving, staying = _dot(open_vote, duplicate), _dot(revealed, duplicate)

    # when the duplicate is merged into the kept card
    card_merge(card=duplicate, into=keep, by=by)

    # then it is hidden and points at the kept card, as does the card merged into it before
    duplicate.refresh_from_db()
    assert duplicate.hidden and duplicate.merged_into == keep
    assert Card.objects.get(pk=earlier.pk).merged_into == keep
    # and the open vote's dot follows, while the revealed result stays as it was
    moving.refresh_from_db()
    staying.refresh_from_db()
    assert moving.card == keep
    assert staying.card == duplicate
    with pytest.raises(ValidationError):
        card_unhide(card=duplicate, by=by)


@pytest.mark.parametrize("case", ["same", "other_board", "hidden_target"])
def test_card_merge_refusals(by, case):
    card = CardFactory()
    into = {
        "same": card,
        "other_board": CardFactory(),
        "hidden_target": CardFactory(activity=card.activity, hidden=True),
    }[case]
    with pytest.raises(ValidationError):
        card_merge(card=card, into=into, by=by)


def test_cluster_create_rename_and_delete(by):
    board = ActivityFactory()
    cluster = cluster_create(activity=board, by=by, title="  Shared <i>front</i> door ")
    assert cluster.title == "Shared front door"
    second = cluster_create(activity=board, by=by, title="Training")
    assert second.order == cluster.order + 1
    cluster_rename(cluster=cluster, by=by, title="One front door")
    assert Cluster.objects.get(pk=cluster.pk).title == "One front door"
    card = CardFactory(activity=board, cluster=cluster)
    cluster_delete(cluster=cluster, by=by)
    card.refresh_from_db()
    assert card.cluster is None and not Cluster.objects.filter(pk=cluster.pk).exists()


def test_cluster_create_refuses_an_empty_title_and_a_board_of_another_kind(by):
    with pytest.raises(ValidationError):
        cluster_create(activity=ActivityFactory(), by=by, title=" ")
    with pytest.raises(ValidationError):
        cluster_create(activity=ActivityFactory(kind=ActivityKind.DOT_VOTE), by=by, title="Training")


def test_cluster_delete_refused_once_voted_on(by):
    board = ActivityFactory()
    cluster = Cluster.objects.create(activity=board, title="Training")
    vote = ActivityFactory(
        workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, vote_on=VoteTarget.CLUSTERS
    )
    DotVote.objects.create(
        activity=vote,
        participant=ParticipantFactory(workshop=board.workshop),
        cluster=cluster,
        slot=1,
        allowance=3,
    )
    with pytest.raises(ValidationError):
        cluster_delete(cluster=cluster, by=by)


def test_card_cluster_set_and_clear(by):
    card = CardFactory()
    cluster = Cluster.objects.create(activity=card.activity, title="Training")
    card_cluster_set(card=card, cluster=cluster, by=by)
    assert Card.objects.get(pk=card.pk).cluster == cluster
    card_cluster_set(card=card, cluster=None, by=by)
    assert Card.objects.get(pk=card.pk).cluster is None
    elsewhere = Cluster.objects.create(activity=ActivityFactory(), title="Elsewhere")
    with pytest.raises(ValidationError):
        card_cluster_set(card=card, cluster=elsewhere, by=by)


def test_clusters_suggestion_accept_takes_only_cards_still_free(by):
    board = ActivityFactory()
    free = [CardFactory(activity=board) for _ in range(2)]
    taken = CardFactory(activity=board, cluster=Cluster.objects.create(activity=board, title="Taken"))
    hidden = CardFactory(activity=board, hidden=True)

    cluster = clusters_suggestion_accept(
        activity=board, by=by, title="Referral forms", cards=[*free, taken, hidden]
    )

    assert set(cluster.cards.all()) == set(free)
    assert Card.objects.filter(pk=taken.pk, cluster__title="Taken").exists()
    assert AuditEvent.objects.filter(action="workshops.cluster.suggestion_accepted").exists()


def test_clusters_suggestion_accept_needs_two_free_cards(by):
    board = ActivityFactory()
    with pytest.raises(ValidationError):
        clusters_suggestion_accept(activity=board, by=by, title="Alone", cards=[CardFactory(activity=board)])
