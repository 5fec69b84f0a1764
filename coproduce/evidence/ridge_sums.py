"""Least squares on the records' embeddings, kept up to date decision by decision.

A weighted ridge model needs only per-class sums of the screened records' embeddings and of their outer
products (`RidgeSums`): after one more decision they change by one record's terms, so a retrain costs one
small solve (dimensions x dimensions) instead of a pass over every screened record. The weights are
`ranking._svm`'s (the relevant records together weigh ``ratio`` times the irrelevant ones, all weights
scaled to sum to the number of records), and the model has an intercept, as scikit-learn's
`RidgeClassifier` with ``sample_weight`` (targets +1 and -1).
"""

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


class RidgeSums:
    """Per-class sums over the records currently counted, updated by the records added or taken away."""

    def __init__(self, embeddings: NDArray[np.float32], *, ratio: float, alpha: float) -> None:
        self.embeddings, self.ratio, self.alpha = embeddings, ratio, alpha
        n, d = embeddings.shape
        self.counted = np.zeros(n, dtype=bool)
        self.labels = np.zeros(n, dtype=bool)
        self.outer = np.zeros((2, d, d), dtype=np.float64)  # [relevant, irrelevant]
        self.sums = np.zeros((2, d), dtype=np.float64)
        self.counts = np.zeros(2, dtype=np.int64)

    def update(self, labelled: NDArray[np.bool_], labels: NDArray[np.bool_]) -> None:
        """Count exactly the ``labelled`` records with their ``labels`` (True relevant)."""
        changed = self.counted & (~labelled | (labels != self.labels))
        added = labelled & (~self.counted | (labels != self.labels))
        self._add(np.flatnonzero(changed), self.labels, -1.0)
        self._add(np.flatnonzero(added), labels, 1.0)
        self.counted = labelled.copy()
        self.labels = labels & labelled

    def _add(self, rows: NDArray[np.int64], labels: NDArray[np.bool_], sign: float) -> None:
        for side, relevant in enumerate((True, False)):
            picked = rows[labels[rows] == relevant]
            if len(picked):
                x = np.asarray(self.embeddings[picked], dtype=np.float64)
                self.outer[side] += sign * (x.T @ x)
                self.sums[side] += sign * x.sum(axis=0)
                self.counts[side] += int(sign) * len(picked)

    def coef(self) -> Floats:
        """The weights of the ridge model on the counted records (both classes must be present)."""
        n_pos, n_neg = (int(c) for c in self.counts)
        scale = (n_pos + n_neg) / (n_pos + n_pos / self.ratio)  # `ranking._weights`' scaling
        a, b = scale, scale * n_pos / (self.ratio * n_neg)  # each relevant / irrelevant record's weight
        total = a * n_pos + b * n_neg
        mean_x = (a * self.sums[0] + b * self.sums[1]) / total
        mean_t = (a * n_pos - b * n_neg) / total
        gram = a * self.outer[0] + b * self.outer[1] - total * np.outer(mean_x, mean_x)
        gram[np.diag_indices_from(gram)] += self.alpha
        right = a * self.sums[0] - b * self.sums[1] - total * mean_x * mean_t
        return np.asarray(np.linalg.solve(gram, right), dtype=np.float64)
