"""How well a screening order puts the relevant records first.

Every function takes ``order``: the gold labels (True = relevant) of the records in the order they were
screened, **with the prior records left out**. So ``N = len(order)`` is the number of records that were
not priors and ``R = sum(order)`` the relevant records among them. Pass every non-prior record: a simulation
that stops once every relevant record is found appends the rest, which are all irrelevant, in any order
(no metric depends on their order).
"""

import math
from collections.abc import Sequence

import numpy as np


def _counts(order: Sequence[bool]) -> tuple[int, int]:
    n_records, n_relevant = len(order), int(sum(bool(x) for x in order))
    if n_records == 0 or n_relevant == 0:
        raise ValueError("The order needs at least one relevant record.")
    return n_records, n_relevant


def recall_at(order: Sequence[bool], fraction: float = 0.10) -> float:
    """Share of the relevant records found after screening ``floor(fraction * N)`` records.

    recall@10% = (relevant among the first floor(0.10 * N) records) / R, priors excluded from the order,
    from N and from R.
    """
    n_records, n_relevant = _counts(order)
    n_screened = math.floor(fraction * n_records + 1e-9)
    return sum(bool(x) for x in order[:n_screened]) / n_relevant


def records_to_recall(order: Sequence[bool], recall: float) -> int:
    """Records screened (1-based count) until ``ceil(recall * R)`` relevant records have been found."""
    _, n_relevant = _counts(order)
    needed = math.ceil(recall * n_relevant - 1e-9)
    found = np.cumsum(np.asarray(order, dtype=bool))
    return int(np.searchsorted(found, needed) + 1)


def wss_at(order: Sequence[bool], recall: float = 0.95) -> float:
    """Work saved over sampling at a recall level.

    WSS@95 = (N - n_95) / N - 0.05, where n_95 is the number of records screened to find ceil(0.95 * R)
    relevant records, and N, R and the order all leave the prior records out. In general
    WSS@r = (N - n_r) / N - (1 - r).
    """
    n_records, _ = _counts(order)
    return (n_records - records_to_recall(order, recall)) / n_records - (1.0 - recall)


def loss(order: Sequence[bool]) -> float:
    """ASReview's normalised loss: 0 for a perfect order, 1 for the worst (every relevant record last).

    With the recall curve's area taken as the sum of the cumulative relevant counts, A = sum_i found_i,
    the best area is R * (N - (R - 1) / 2) and the worst R * (R + 1) / 2, so
    loss = (best - A) / (best - worst) = (R * (N - (R - 1) / 2) - A) / (R * (N - R)).
    """
    n_records, n_relevant = _counts(order)
    if n_relevant == n_records:
        raise ValueError("The order needs at least one irrelevant record.")
    area = float(np.cumsum(np.asarray(order, dtype=float)).sum())
    best = n_relevant * (n_records - (n_relevant - 1) / 2)
    return (best - area) / (n_relevant * (n_records - n_relevant))


def average_time_to_discovery(order: Sequence[bool]) -> float:
    """ATD: mean over the relevant records of the fraction of the N records screened when each was found.

    A relevant record found at 1-based position p contributes p / N.
    """
    n_records, _ = _counts(order)
    positions = np.flatnonzero(np.asarray(order, dtype=bool)) + 1
    return float(positions.mean() / n_records)
