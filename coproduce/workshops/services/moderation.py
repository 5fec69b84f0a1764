"""Moderating an idea board while it runs: hiding, editing and merging cards, and grouping them in clusters.

Audit rows name cards and clusters by id, never by what a participant wrote. Screens hear `card.changed` or
`cluster.changed` (ids only) and fetch the fragment they show; phones are not told.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock

from ..broadcast import SCREENS, broadcast
from ..models import Activity, ActivityKind, ActivityState, Card, Cluster, DotVote
from ..text import plain_text

CLUSTER_TITLE_MAX_LENGTH = 120


def _activity_of(obj: Card | Cluster) -> Activity:
    return Activity.objects.select_related("workshop").get(pk=obj.activity_id)


def _tell(activity: Activity, event: str, **counts: int) -> None:
    broadcast(
        workshop_public_id=str(activity.workshop.public_id),
        event=event,
        audiences=(SCREENS,),
        activity=str(activity.public_id),
        **counts,
    )


def _audit(action: str, obj: Card | Cluster, *, activity: Activity, by: User, **changes: object) -> None:
    audit_record(
        action=action,
        by=by,
        obj=obj,
        project_id=activity.workshop.project_id,
        object_repr=f"{'Card' if isinstance(obj, Card) else 'Cluster'} {str(obj.public_id)[:8]}",
        changes={"activity": str(activity.public_id), **changes},
    )


def _card_hidden_set(card: Card, *, by: User, hidden: bool) -> Card:
    activity = _activity_of(card)
    card.hidden = hidden
    card.save(update_fields=["hidden", "updated_at"])
    _audit(f"workshops.card.{'hidden' if hidden else 'shown'}", card, activity=activity, by=by)
    _tell(activity, "card.changed")
    return card


@transaction.atomic
def card_hide(*, card: Card, by: User) -> Card:
    """Take a card off the board and the projector (it stays in the record, marked hidden)."""
    return _card_hidden_set(card, by=by, hidden=True)


@transaction.atomic
def card_unhide(*, card: Card, by: User) -> Card:
    """Show a hidden card again (not a card merged into another: that one stays hidden)."""
    if card.merged_into_id is not None:
        raise ValidationError("This card was merged into another, so it stays hidden.")
    return _card_hidden_set(card, by=by, hidden=False)


@transaction.atomic
def card_edit(*, card: Card, by: User, text: str, version: str | None = None) -> Card:
    """Correct a card's words (a typo, a name that should not be shown); the card is marked as edited.

    `version` is the one the form was opened on: EditConflict if someone changed the card since.
    """
    activity = _activity_of(card)
    clean = plain_text(text, max_length=activity.max_length)
    if not clean:
        raise ValidationError({"text": "Enter the card's words"})
    record_lock(card, version=version, values={"text": clean})
    if clean == card.text:
        return card
    card.text = clean
    card.edited = True
    card.save(update_fields=["text", "edited", "updated_at"])
    _audit("workshops.card.edited", card, activity=activity, by=by)
    _tell(activity, "card.changed")
    return card


def _dots_move(*, card: Card, into: Card) -> list[Activity]:
    """Move the dots on `card` to `into` in every dot vote whose results are not shown yet."""
    moved = DotVote.objects.filter(card=card).exclude(activity__state=ActivityState.REVEALED)
    activity_ids = set(moved.values_list("activity_id", flat=True))
    moved.update(card=into)
    return list(Activity.objects.select_related("workshop").filter(pk__in=activity_ids))


@transaction.atomic
def card_merge(*, card: Card, into: Card, by: User) -> Card:
    """Merge a duplicate `card` into `into`: it is hidden and its dots (and merged cards) follow `into`.

    Dots in a vote whose results have already been revealed stay where they were, so revealed results
    never change afterwards.
    """
    if card.pk == into.pk or card.activity_id != into.activity_id:
        raise ValidationError("Choose another card on the same board to merge into.")
    if into.hidden or into.merged_into_id is not None:
        raise ValidationError("Choose a card that is shown on the board to merge into.")
    activity = _activity_of(card)
    Card.objects.filter(merged_into=card).update(merged_into=into)
    card.hidden, card.merged_into = True, into
    card.save(update_fields=["hidden", "merged_into", "updated_at"])
    votes = _dots_move(card=card, into=into)
    _audit("workshops.card.merged", card, activity=activity, by=by, into=str(into.public_id))
    _tell(activity, "card.changed")
    for vote in votes:
        _tell(vote, "dot.changed", dots=DotVote.objects.filter(activity=vote).count())
    return into


def _title(title: str) -> str:
    clean = plain_text(title, max_length=CLUSTER_TITLE_MAX_LENGTH)
    if not clean:
        raise ValidationError({"title": "Enter a name for the cluster"})
    return clean


def _cluster_new(activity: Activity, title: str) -> Cluster:
    if activity.kind != ActivityKind.IDEA_BOARD:
        raise ValidationError("Only an idea board has clusters.")
    last = Cluster.objects.filter(activity=activity).aggregate(m=Max("order"))["m"] or 0
    return Cluster.objects.create(activity=activity, title=_title(title), order=last + 1)


@transaction.atomic
def cluster_create(*, activity: Activity, by: User, title: str) -> Cluster:
    cluster = _cluster_new(activity, title)
    _audit("workshops.cluster.created", cluster, activity=activity, by=by)
    _tell(activity, "cluster.changed")
    return cluster


@transaction.atomic
def cluster_rename(*, cluster: Cluster, by: User, title: str, version: str | None = None) -> Cluster:
    """Rename a cluster; EditConflict if someone changed it since `version` (the form's)."""
    activity = _activity_of(cluster)
    clean = _title(title)
    record_lock(cluster, version=version, values={"title": clean})
    cluster.title = clean
    cluster.save(update_fields=["title", "updated_at"])
    _audit("workshops.cluster.renamed", cluster, activity=activity, by=by)
    _tell(activity, "cluster.changed")
    return cluster


@transaction.atomic
def cluster_delete(*, cluster: Cluster, by: User) -> None:
    """Delete a cluster; its cards stay on the board, unclustered. Refused once a vote has dots on it."""
    if DotVote.objects.filter(cluster=cluster).exists():
        raise ValidationError("People have voted on this cluster, so it cannot be deleted.")
    activity = _activity_of(cluster)
    _audit("workshops.cluster.deleted", cluster, activity=activity, by=by, title_length=len(cluster.title))
    cluster.delete()
    _tell(activity, "cluster.changed")


@transaction.atomic
def card_cluster_set(*, card: Card, cluster: Cluster | None, by: User) -> Card:
    """Put a card in a cluster of its board, or take it out of any cluster (`cluster=None`)."""
    if cluster is not None and cluster.activity_id != card.activity_id:
        raise ValidationError("Choose a cluster on the same board.")
    activity = _activity_of(card)
    card.cluster = cluster
    card.save(update_fields=["cluster", "updated_at"])
    target = str(cluster.public_id) if cluster else None
    _audit("workshops.card.clustered", card, activity=activity, by=by, cluster=target)
    _tell(activity, "cluster.changed")
    return card


@transaction.atomic
def clusters_suggestion_accept(*, activity: Activity, by: User, title: str, cards: Sequence[Card]) -> Cluster:
    """Accept a suggested cluster (clusters_suggest.py): create it and put its cards in it.

    Only cards of this board that are still shown and unclustered move; at least two must be left.
    """
    keep = [c for c in cards if c.activity_id == activity.pk and not c.hidden and c.cluster_id is None]
    if len(keep) < 2:
        raise ValidationError("These cards have changed since the suggestion was made. Look again.")
    cluster = _cluster_new(activity, title)
    Card.objects.filter(pk__in=[c.pk for c in keep]).update(cluster=cluster)
    _audit("workshops.cluster.suggestion_accepted", cluster, activity=activity, by=by, cards=len(keep))
    _tell(activity, "cluster.changed")
    return cluster
