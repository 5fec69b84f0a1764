"""Weighted k-means (Lloyd's algorithm from k-means++ seedings) and the silhouette of a weighted grouping.

Written with numpy and scipy's nearest-centre search (single-threaded C) so no threads are involved and the
same points, weights and seed always give the same groups. Each point carries a weight: a base cluster
standing for the participants in it counts as that many participants.
"""

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.vq import vq  # type: ignore[import-untyped]

N_STARTS = 10


def kmeans(
    points: NDArray[np.float64],
    *,
    k: int,
    seed: int,
    weights: NDArray[np.float64] | None = None,
    starts: int = N_STARTS,
    max_iter: int = 300,
    min_size: float = 0.0,
    initial: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.float64]] | None:
    """Labels and centres from ``starts`` k-means++ seedings drawn from ``numpy.random.default_rng(seed)``
    (then from the centres ``initial``, when given), each followed by at most ``max_iter`` rounds of Lloyd's
    algorithm with weighted means. The run with the lowest weighted within-group sum of squares wins (the
    earliest on a tie) among those whose every group weighs at least ``min_size``; ``None`` when none does.
    """
    mass = np.ones(points.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    rng = np.random.default_rng(seed)
    seeds = [_plus_plus(points, k, rng, weights) for _ in range(starts)]
    best: tuple[float, NDArray[np.int64], NDArray[np.float64]] | None = None
    for centres in [*seeds, *([] if initial is None else [initial.copy()])]:
        labels = np.zeros(points.shape[0], dtype=np.int64)
        for iteration in range(max_iter):
            new_labels = nearest(points, centres)
            if iteration > 0 and np.array_equal(new_labels, labels):
                break
            labels = new_labels
            centres = _centres(points, labels, mass, centres)
        if np.bincount(labels, weights=mass, minlength=k).min() < min_size:
            continue
        inertia = float((mass * ((points - centres[labels]) ** 2).sum(axis=1)).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, labels, centres.copy())
    return None if best is None else (best[1], best[2])


def nearest(points: NDArray[np.float64], centres: NDArray[np.float64]) -> NDArray[np.int64]:
    """Each point's nearest centre (the first of equally near ones)."""
    labels, _ = vq(points, centres, check_finite=False)
    return np.asarray(labels, dtype=np.int64)


def _centres(
    points: NDArray[np.float64],
    labels: NDArray[np.int64],
    mass: NDArray[np.float64],
    old: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The weighted mean of each group's points; a group left empty keeps its old centre."""
    k = old.shape[0]
    total = np.bincount(labels, weights=mass, minlength=k)
    sums = np.column_stack(
        [np.bincount(labels, weights=mass * points[:, d], minlength=k) for d in range(points.shape[1])]
    )
    centres = old.copy()
    filled = total > 0
    centres[filled] = sums[filled] / total[filled, None]
    return centres


def _plus_plus(
    points: NDArray[np.float64], k: int, rng: np.random.Generator, weights: NDArray[np.float64] | None
) -> NDArray[np.float64]:
    """k-means++ seeding: the first centre drawn in proportion to weight, each next one in proportion to
    weight times squared distance to the nearest centre so far. With equal weights the draws are those of
    unweighted k-means++ from the same generator, so grouping distinct positions of one participant each
    gives the same groups as grouping the participants."""
    mass = np.ones(points.shape[0]) if weights is None else weights
    equal = weights is None or bool(np.all(mass == mass[0]))
    first = int(rng.integers(points.shape[0])) if equal else _draw(np.cumsum(mass), rng)
    centres = [points[first]]
    closest = ((points - points[first]) ** 2).sum(axis=1)
    for _ in range(1, k):
        chances = mass * closest
        index = _draw(np.cumsum(chances), rng) if float(chances.sum()) > 0.0 else _draw(np.cumsum(mass), rng)
        centres.append(points[index])
        closest = np.minimum(closest, ((points - points[index]) ** 2).sum(axis=1))
    return np.array(centres, dtype=np.float64)


def _draw(cumulative: NDArray[np.float64], rng: np.random.Generator) -> int:
    index = int(np.searchsorted(cumulative, rng.random() * float(cumulative[-1]), side="right"))
    return min(index, len(cumulative) - 1)


def silhouette(points: NDArray[np.float64], labels: NDArray[np.int64], weights: NDArray[np.float64]) -> float:
    """The mean silhouette of a grouping of weighted points, as if each point were ``weight`` participants
    standing on it: a(i) is the mean distance to the other participants of its group (those on the same
    point at distance 0), b(i) the smallest mean distance to another group's participants, s(i) =
    (b - a) / max(a, b), 0 for a participant alone in their group; the mean is over participants. With
    weights of 1 this is the usual silhouette (scikit-learn's ``silhouette_score``)."""
    k = int(labels.max()) + 1
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    member = np.zeros((points.shape[0], k))
    member[np.arange(points.shape[0]), labels] = weights
    mass = member.sum(axis=0)
    summed = distances @ member  # point x group: weighted distance to the group's participants
    own_mass = mass[labels] - 1.0
    alone = own_mass <= 0.0
    a = np.divide(summed[np.arange(len(labels)), labels], own_mass, out=np.zeros(len(labels)), where=~alone)
    means = np.divide(summed, mass, out=np.full_like(summed, np.inf), where=mass > 0)
    means[np.arange(len(labels)), labels] = np.inf
    b = means.min(axis=1)
    spread = np.maximum(a, b)
    scores = np.divide(b - a, spread, out=np.zeros(len(labels)), where=(spread > 0) & ~alone)
    return float((weights * scores).sum() / weights.sum())
