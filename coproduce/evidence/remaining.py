"""How many relevant records are still among the unscreened ones: an estimate with a 90% interval.

The estimate reads only the screening decisions, in the order the records were screened (True =
relevant), and the number of records in the set. It models the relevant records still to come as a Poisson
process along the ranking whose rate is not known exactly (a Cox process), the approach of Sneyd and
Stevenson (2019, "Modelling stopping criteria for search results using Poisson processes", EMNLP-IJCNLP
2019, pp. 3484-3489, doi:10.18653/v1/D19-1351), with the rate's uncertainty carried through to the count:

- *Now.* Of the most recent records screened (the last ``WINDOW`` share, at least ``MIN_WINDOW``), ``k`` of
  ``w`` were relevant. Each was relevant with chance ``c + a`` (binomial likelihood): ``a`` is the part of
  the rate that the ranking owes to records like the relevant ones found so far, ``c`` a background rate
  (relevant records that look like nothing found yet).
- *Ahead.* The ``j``-th record still to screen (``j = 1`` next) is relevant with chance
  ``c + a * exp(-b * (j - 1))``: the ranking's part falls off as the model runs out of likely records, at a
  rate ``b`` that the decisions so far cannot tell (the fall-off lies ahead), so ``b`` keeps its prior
  spread. Given ``(a, b, c)`` the number of relevant records among the ``U`` unscreened is Poisson with mean
  ``min(U, a * (1 - e^(-b U)) / (1 - e^(-b)) + c * U)``.
- *Uncertainty.* ``a``, ``b`` and ``c`` take values on a grid with a prior (log-uniform; ``b = 0``, no
  fall-off, included; ``c = 0`` with prior chance ``FLOOR_PRIOR``), the posterior given ``k`` of ``w``
  weights them, and the number left is the mixture of their Poisson counts. Shown are its median ("about
  N") and its 5% and 95% points (the 90% interval "between A and B").

The constants (the window, the range of ``b``, ``FLOOR_PRIOR``) were chosen on three labelled sets only
(Sep 2021, Meijboom 2021, Jeyaraman 2020) by `bench/screening_estimator.py`, which replays the SYNERGY sets
with the screening page's ranker and reports the interval's coverage on the held-out sets and on all sets
(docs/screening.md gives the figures). The model assumes the records were screened mostly in the ranking's
order; records screened in random order make it too low.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import logsumexp, pdtr  # type: ignore[import-untyped]

LEVEL = 0.90
WINDOW, MIN_WINDOW = 0.25, 50  # the recent records that give the rate now
DECAY_LOW, DECAY_HIGH = 0.3, 0.5  # b from DECAY_LOW / (records in the set) to DECAY_HIGH per record
FLOOR_PRIOR = 0.2  # prior chance of no background rate (c = 0)
GRID = 33, 30, 12  # values of a, b (besides 0) and c (besides 0)
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class RemainingEstimate:
    expected: int  # the median: "about N"
    low: int  # the interval's 5% point
    high: int  # and its 95% point
    unscreened: int
    level: float = LEVEL


def _grid(n_total: int) -> tuple[Floats, Floats, Floats, Floats]:
    """Every combination of (a, b, c) on the grid, with the log of its prior weight."""
    rate = np.logspace(-4, 0, GRID[0])
    decay = np.concatenate([[0.0], np.geomspace(DECAY_LOW / max(n_total, 1), DECAY_HIGH, GRID[1])])
    floor = np.concatenate([[0.0], np.logspace(-5, -1, GRID[2])])
    a, b, c = (axis.ravel() for axis in np.meshgrid(rate, decay, floor, indexing="ij"))
    prior = np.where(c == 0, FLOOR_PRIOR, (1 - FLOOR_PRIOR) / GRID[2])
    return a, b, c, np.log(prior)


def _expected_ahead(a: Floats, b: Floats, c: Floats, unscreened: int) -> Floats:
    """Mean relevant records among the next ``unscreened`` for each (a, b, c)."""
    safe = np.where(b > 0, b, 1.0)
    geometric = np.where(b > 0, np.expm1(-safe * unscreened) / np.expm1(-safe), float(unscreened))
    return np.asarray(np.minimum(a * geometric + c * unscreened, unscreened), dtype=np.float64)


def _pooled(weights: Floats, means: Floats, bins: int = 400) -> tuple[Floats, Floats]:
    """The mixture with components whose means differ by under about 3.5% pooled: the same quantiles
    to within a record, and a few hundred Poisson terms instead of thousands."""
    key = np.round(np.log(np.maximum(means, 1e-6)) * bins / np.log(1e6)).astype(np.int64)
    _, group = np.unique(key, return_inverse=True)
    total = np.bincount(group, weights=weights)
    mean = np.bincount(group, weights=weights * means) / np.maximum(total, 1e-300)
    return total, mean


def _quantile(weights: Floats, means: Floats, q: float, unscreened: int) -> int:
    """The smallest count whose mixture cumulative probability reaches q (bisection over 0..unscreened)."""
    low, high = 0, unscreened
    while low < high:
        middle = (low + high) // 2
        if float(weights @ pdtr(middle, means)) >= q:  # pdtr: the Poisson distribution function
            high = middle
        else:
            low = middle + 1
    return low


def remaining_estimate(screened: Sequence[bool], n_total: int) -> RemainingEstimate | None:
    """About how many relevant records are left among ``n_total - len(screened)``, with a 90% interval.

    ``screened``: the decisions in the order the records were first screened, True for relevant. None
    before any decision."""
    labels = np.asarray(screened, dtype=bool)
    unscreened = n_total - len(labels)
    if len(labels) == 0:
        return None
    if unscreened <= 0:
        return RemainingEstimate(expected=0, low=0, high=0, unscreened=0)
    window = min(len(labels), max(MIN_WINDOW, int(WINDOW * len(labels))))
    found = int(labels[-window:].sum())
    a, b, c, log_prior = _grid(n_total)
    now = np.clip(a + c, 1e-12, 1 - 1e-12)
    log_post = found * np.log(now) + (window - found) * np.log1p(-now) + log_prior
    weights = np.exp(log_post - logsumexp(log_post))
    weights, means = _pooled(weights, _expected_ahead(a, b, c, unscreened))
    tail = (1 - LEVEL) / 2
    return RemainingEstimate(
        expected=_quantile(weights, means, 0.5, unscreened),
        low=_quantile(weights, means, tail, unscreened),
        high=_quantile(weights, means, 1 - tail, unscreened),
        unscreened=unscreened,
    )


def recall_percent(found: int, left: RemainingEstimate) -> tuple[int, int, int] | None:
    """Recall so far in whole per cent (rounded down) with ``found`` relevant records screened: about, and
    the interval's low and high ends, from the median, 95% and 5% points of the relevant records left.
    None before any relevant record is found."""
    if found <= 0:
        return None
    low, about, high = (math.floor(100 * found / (found + n)) for n in (left.high, left.expected, left.low))
    return about, low, high
