"""Opinion groups: PCA of the vote matrix, then k-means with k chosen by silhouette (as Pol.is does).

Missing votes are filled with the statement's mean vote over the participants placed, the matrix is centred
and reduced to 2 principal components, and each participant's projection is multiplied by
sqrt(n_statements / n_votes_of_participant) so that people who voted on few statements are not pulled to
the centre. k-means is run for k = 2..max_k with a fixed seed (k-means++ seeding from
``numpy.random.default_rng(seed)``, 10 starts, written here in numpy so no threads are involved), and the
k with the highest silhouette wins among those whose every group has at least ``min_group_size`` members.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.decomposition import PCA  # type: ignore[import-untyped]
from sklearn.metrics import silhouette_score  # type: ignore[import-untyped]

N_STARTS = 10


@dataclass(frozen=True)
class Clustering:
    k: int
    labels: NDArray[np.int64]
    projection: NDArray[np.float64]
    margins: NDArray[np.float64]
    silhouette: float
    silhouettes: dict[int, float | None]


def project(values: NDArray[np.float64], *, zeroed: int = 0) -> NDArray[np.float64]:
    """Two-component PCA coordinates, scaled by sqrt(n_statements / n_votes) per participant.

    ``zeroed`` is the number of moderated-out statements: Pol.is sets their columns to 0 for everyone, which
    adds nothing to the components but counts in the scaling (as statements and as votes of everyone).
    """
    seen = ~np.isnan(values)
    counts = seen.sum(axis=0)
    sums = np.where(seen, values, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    filled = np.where(seen, values, means)
    components = min(2, filled.shape[0], filled.shape[1])
    coords = np.asarray(
        PCA(n_components=components, svd_solver="full").fit_transform(filled), dtype=np.float64
    )
    if components < 2:
        coords = np.hstack([coords, np.zeros((coords.shape[0], 2 - components))])
    n_votes = np.maximum(seen.sum(axis=1) + zeroed, 1)
    scale = np.sqrt((values.shape[1] + zeroed) / n_votes)
    return np.asarray(coords * scale[:, None], dtype=np.float64)


def cluster(
    projection: NDArray[np.float64], *, max_k: int, min_group_size: int, seed: int
) -> Clustering | None:
    """The best k-means grouping of the projection, or ``None`` when no k passes the size guard."""
    n = projection.shape[0]
    distinct = len(np.unique(np.round(projection, 12), axis=0))
    silhouettes: dict[int, float | None] = {}
    best: tuple[float, int, NDArray[np.int64], NDArray[np.float64]] | None = None
    for k in range(2, max_k + 1):
        if k * min_group_size > n or k > distinct:
            silhouettes[k] = None
            continue
        labels, centres = kmeans(projection, k=k, seed=seed)
        sizes = np.bincount(labels, minlength=k)
        if sizes.min() < min_group_size:
            silhouettes[k] = None
            continue
        score = float(silhouette_score(projection, labels))
        silhouettes[k] = score
        if best is None or score > best[0]:
            best = (score, k, labels, centres)
    if best is None:
        return None
    score, k, labels, centres = best
    labels, centres = _relabel_by_size(labels, centres)
    distances = np.linalg.norm(projection[:, None, :] - centres[None, :, :], axis=2)
    ordered = np.sort(distances, axis=1)
    return Clustering(
        k=k,
        labels=labels,
        projection=projection,
        margins=ordered[:, 1] - ordered[:, 0],
        silhouette=score,
        silhouettes=silhouettes,
    )


def kmeans(
    points: NDArray[np.float64], *, k: int, seed: int, starts: int = N_STARTS, max_iter: int = 300
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Lloyd's k-means from ``starts`` k-means++ seedings drawn from ``numpy.random.default_rng(seed)``;
    the run with the lowest within-group sum of squares wins (earliest on a tie)."""
    rng = np.random.default_rng(seed)
    best: tuple[float, NDArray[np.int64], NDArray[np.float64]] | None = None
    for _ in range(starts):
        centres = _plus_plus(points, k, rng)
        labels = np.zeros(points.shape[0], dtype=np.int64)
        for iteration in range(max_iter):
            distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
            new_labels = np.asarray(distances.argmin(axis=1), dtype=np.int64)
            if iteration > 0 and np.array_equal(new_labels, labels):
                break
            labels = new_labels
            for g in range(k):
                members = points[labels == g]
                if len(members):
                    centres[g] = members.mean(axis=0)
        inertia = float(((points - centres[labels]) ** 2).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, labels, centres.copy())
    assert best is not None  # noqa: S101 narrows the type; never false when the code is right
    return best[1], best[2]


def _plus_plus(points: NDArray[np.float64], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """k-means++ seeding: each next centre drawn with probability proportional to its squared distance."""
    centres = [points[int(rng.integers(points.shape[0]))]]
    closest = ((points - centres[0]) ** 2).sum(axis=1)
    for _ in range(1, k):
        total = float(closest.sum())
        if total <= 0.0:
            index = int(rng.integers(points.shape[0]))
        else:
            index = int(np.searchsorted(np.cumsum(closest), rng.random() * total, side="right"))
            index = min(index, points.shape[0] - 1)
        centres.append(points[index])
        closest = np.minimum(closest, ((points - points[index]) ** 2).sum(axis=1))
    return np.array(centres, dtype=np.float64)


def _relabel_by_size(
    labels: NDArray[np.int64], centres: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Number groups 0, 1, ... from the largest down (ties by first member), so labels do not depend on
    the order k-means happened to find them in."""
    k = centres.shape[0]
    sizes = np.bincount(labels, minlength=k)
    first = np.array([int(np.argmax(labels == g)) for g in range(k)])
    order = sorted(range(k), key=lambda g: (-int(sizes[g]), int(first[g])))
    mapping = np.empty(k, dtype=np.int64)
    for new, old in enumerate(order):
        mapping[old] = new
    return mapping[labels], centres[order]
