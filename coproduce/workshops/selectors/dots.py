"""The dots a card or a cluster got, counted the same way on every page that shows them.

A card's dots are the dots placed on it. A cluster's dots are the dots placed on the cluster itself plus the
dots placed on each of its cards, in any dot voting: a vote on the cards of a clustered board still counts
for the clusters they are in. The database counts them (one grouped query each), never the code: a
workshop of a thousand dots sends back a row per card or cluster, not a row per dot.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from ..models import DotVote


def card_dots(*, card_ids: Collection[int]) -> dict[int, int]:
    """Dots on each card (cards without dots are left out)."""
    if not card_ids:
        return {}
    rows = DotVote.objects.filter(card_id__in=card_ids).values("card_id").annotate(dots=Count("id"))
    return {row["card_id"]: row["dots"] for row in rows.order_by()}


def cluster_dots(*, cluster_ids: Collection[int]) -> dict[int, int]:
    """Dots on each cluster and on its cards (clusters without dots are left out)."""
    if not cluster_ids:
        return {}
    rows = (
        DotVote.objects.filter(Q(cluster_id__in=cluster_ids) | Q(card__cluster_id__in=cluster_ids))
        .annotate(counted=Coalesce("cluster_id", "card__cluster_id"))
        .values("counted")
        .annotate(dots=Count("id"))
    )
    return {row["counted"]: row["dots"] for row in rows.order_by()}


@dataclass(frozen=True)
class DotCount:
    """The dots one card or one cluster got in one dot voting. A card has its cluster's id and title, if it
    is in one; ``hidden`` is a card a moderator hid (not one merged into another). ``language`` is the card's,
    as written ("" for a cluster, and for a card whose language is not known)."""

    activity_id: int
    dots: int
    card_id: int | None = None
    card: str = ""
    language: str = ""
    cluster_id: int | None = None
    cluster: str = ""
    hidden: bool = False

    @property
    def on_cluster(self) -> bool:
        return self.card_id is None


def dot_counts(*, activity_ids: Collection[int]) -> list[DotCount]:
    """The dots on each card and each cluster in each of the dot votings, in one grouped query."""
    if not activity_ids:
        return []
    rows = (
        DotVote.objects.filter(activity_id__in=activity_ids)
        .values_list(
            "activity_id", "card_id", "card__text", "card__language", "card__hidden", "card__merged_into_id",
            Coalesce("cluster_id", "card__cluster_id"), Coalesce("cluster__title", "card__cluster__title"),
        )
        .annotate(dots=Count("id"))
        .order_by()
    )  # fmt: skip
    return [
        DotCount(
            activity_id=activity_id, dots=dots, card_id=card_id, card=text or "", language=language or "",
            cluster_id=cluster_id, cluster=title or "", hidden=bool(hidden) and merged is None,
        )
        for activity_id, card_id, text, language, hidden, merged, cluster_id, title, dots in rows
    ]  # fmt: skip


def dot_voters(*, activity_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """(dots, participants who placed them) for each dot voting with dots."""
    if not activity_ids:
        return {}
    rows = (
        DotVote.objects.filter(activity_id__in=activity_ids)
        .values("activity_id")
        .annotate(dots=Count("id"), voters=Count("participant_id", distinct=True))
        .order_by()
    )
    return {row["activity_id"]: (row["dots"], row["voters"]) for row in rows}
