"""The dots a card or a cluster got, counted the same way on every page that shows them.

A card's dots are the dots placed on it. A cluster's dots are the dots placed on the cluster itself plus the
dots placed on each of its cards, in any dot voting: a vote on the cards of a clustered board still counts
for the clusters they are in.
"""

from collections import Counter
from collections.abc import Collection

from django.db.models import Q

from ..models import DotVote


def card_dots(*, card_ids: Collection[int]) -> dict[int, int]:
    """Dots on each card (cards without dots are left out)."""
    if not card_ids:
        return {}
    return dict(Counter(DotVote.objects.filter(card_id__in=card_ids).values_list("card_id", flat=True)))


def cluster_dots(*, cluster_ids: Collection[int]) -> dict[int, int]:
    """Dots on each cluster and on its cards (clusters without dots are left out)."""
    if not cluster_ids:
        return {}
    rows = DotVote.objects.filter(Q(cluster_id__in=cluster_ids) | Q(card__cluster_id__in=cluster_ids))
    counted: Counter[int] = Counter()
    for on_cluster, through_card in rows.values_list("cluster_id", "card__cluster_id"):
        counted[on_cluster or through_card] += 1
    return dict(counted)
