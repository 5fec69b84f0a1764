"""Opinion groups: PCA of the vote matrix, base clusters, then groups of base clusters with k chosen by
silhouette (as Pol.is does).

Missing votes are filled with the statement's mean vote over the participants placed, the matrix is centred
and reduced to 2 principal components, and each participant's projection is multiplied by
sqrt(n_statements / n_votes_of_participant) so that people who voted on few statements are not pulled to
the centre.

Participants are then gathered into at most ``base_k`` (100, as in Pol.is) base clusters: when there are no
more distinct positions than that, each distinct position is a base cluster of the participants on it;
otherwise k-means (one k-means++ seeding, at most 50 rounds). The base clusters' centres, each weighted by
its number of participants, are grouped by weighted k-means for k = 2..max_k (10 starts from a fixed seed;
see `kmeans`), keeping for each k the best run whose every group has at least ``min_group_size``
participants (a k with no such run is left out), and the k with the highest silhouette wins. The silhouette
is of the participants as if each stood on their base cluster's centre, so it is worked out over at most
``base_k`` points however many people voted, and with no more distinct positions than base clusters it is
exactly the silhouette over the participants.

For the k chosen, the groups are then worked out on the participants themselves, so that a base cluster
lying across the line between two groups is split between them: k-means on the participants from the same
10 seedings and from the base clusters' grouping, the best run whose groups are all large enough. This
costs participants x k per round, never participants x participants.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.decomposition import PCA  # type: ignore[import-untyped]

from .kmeans import kmeans, silhouette

BASE_K = 100
BASE_ITERATIONS = 50


@dataclass(frozen=True)
class Clustering:
    k: int
    labels: NDArray[np.int64]
    projection: NDArray[np.float64]
    margins: NDArray[np.float64]
    silhouette: float
    silhouettes: dict[int, float | None]


@dataclass(frozen=True)
class BaseClusters:
    """Each participant's base cluster (``labels``), and each base cluster's centre and participants."""

    labels: NDArray[np.int64]
    centres: NDArray[np.float64]
    weights: NDArray[np.float64]


def project(values: NDArray[np.float64], *, zeroed: int = 0) -> NDArray[np.float64]:
    """Two-component PCA coordinates, scaled by sqrt(n_statements / n_votes) per participant.

    ``zeroed`` is the number of moderated-out statements: Pol.is sets their columns to 0 for everyone, which
    adds nothing to the components but counts in the scaling (as statements and as votes of everyone).
    The components come from the statements' covariance matrix (statements x statements), so the cost grows
    with the number of participants only linearly.
    """
    seen = ~np.isnan(values)
    counts = seen.sum(axis=0)
    sums = np.where(seen, values, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    filled = np.where(seen, values, means)
    components = min(2, filled.shape[0], filled.shape[1])
    coords = np.asarray(
        PCA(n_components=components, svd_solver="covariance_eigh").fit_transform(filled), dtype=np.float64
    )
    if components < 2:
        coords = np.hstack([coords, np.zeros((coords.shape[0], 2 - components))])
    n_votes = np.maximum(seen.sum(axis=1) + zeroed, 1)
    scale = np.sqrt((values.shape[1] + zeroed) / n_votes)
    return np.asarray(coords * scale[:, None], dtype=np.float64)


def base_clusters(projection: NDArray[np.float64], *, base_k: int, seed: int) -> BaseClusters:
    """At most ``base_k`` base clusters: the distinct positions when there are no more than ``base_k`` of
    them, else k-means (one k-means++ seeding from ``seed``, at most 50 rounds)."""
    _, first, inverse, counts = np.unique(
        np.round(projection, 12), axis=0, return_index=True, return_inverse=True, return_counts=True
    )
    if len(first) <= base_k:
        # In the order the positions first occur, so one participant per position keeps their order.
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        return BaseClusters(
            labels=rank[np.asarray(inverse, dtype=np.int64).reshape(-1)],
            centres=projection[first[order]],
            weights=counts[order].astype(np.float64),
        )
    found = kmeans(projection, k=base_k, seed=seed, starts=1, max_iter=BASE_ITERATIONS)
    assert found is not None  # noqa: S101 narrows the type: with no size guard a run always counts
    labels, centres = found
    weights = np.bincount(labels, minlength=base_k).astype(np.float64)
    kept = weights > 0
    renumber = np.cumsum(kept) - 1
    return BaseClusters(labels=renumber[labels], centres=centres[kept], weights=weights[kept])


def cluster(
    projection: NDArray[np.float64], *, max_k: int, min_group_size: int, seed: int, base_k: int = BASE_K
) -> Clustering | None:
    """The best grouping of the base clusters of the projection, or ``None`` when no k passes the size
    guard."""
    base = base_clusters(projection, base_k=base_k, seed=seed)
    n = projection.shape[0]
    silhouettes: dict[int, float | None] = {}
    best: tuple[float, int, NDArray[np.int64]] | None = None
    for k in range(2, max_k + 1):
        if k * min_group_size > n or k > len(base.weights):
            silhouettes[k] = None
            continue
        grouped = kmeans(base.centres, k=k, seed=seed, weights=base.weights, min_size=min_group_size)
        if grouped is None:
            silhouettes[k] = None
            continue
        groups = grouped[0]
        score = silhouette(base.centres, groups, base.weights)
        silhouettes[k] = score
        if best is None or score > best[0]:
            best = (score, k, groups)
    if best is None:
        return None
    score, k, groups = best
    labels = _relabel_by_size(
        participants_grouped(projection, groups[base.labels], k, min_group_size, seed), k
    )
    centres = np.array([projection[labels == g].mean(axis=0) for g in range(k)])
    distances = np.linalg.norm(projection[:, None, :] - centres[None, :, :], axis=2)
    own = distances[np.arange(n), labels]
    distances[np.arange(n), labels] = np.inf
    return Clustering(
        k=k,
        labels=labels,
        projection=projection,
        margins=distances.min(axis=1) - own,
        silhouette=score,
        silhouettes=silhouettes,
    )


def participants_grouped(
    projection: NDArray[np.float64], labels: NDArray[np.int64], k: int, min_group_size: int, seed: int
) -> NDArray[np.int64]:
    """The chosen k's groups worked out on the participants themselves: k-means from 10 k-means++ seedings
    and from the base clusters' grouping ``labels``, the lowest within-group sum of squares among the runs
    whose every group has ``min_group_size`` participants (``labels`` itself when none has)."""
    initial = np.array([projection[labels == g].mean(axis=0) for g in range(k)])
    found = kmeans(projection, k=k, seed=seed, min_size=min_group_size, initial=initial)
    return labels if found is None else found[0]


def _relabel_by_size(labels: NDArray[np.int64], k: int) -> NDArray[np.int64]:
    """Number groups 0, 1, ... from the largest down (ties by first member), so labels do not depend on
    the order k-means happened to find them in."""
    sizes = np.bincount(labels, minlength=k)
    first = np.array([int(np.argmax(labels == g)) for g in range(k)])
    order = sorted(range(k), key=lambda g: (-int(sizes[g]), int(first[g])))
    mapping = np.empty(k, dtype=np.int64)
    for new, old in enumerate(order):
        mapping[old] = new
    return mapping[labels]
