"""When is it safe to stop screening a ranked list?

Two rules:

1. **The hypergeometric test** of Callaghan & Müller-Hansen (2020, *Systematic Reviews* 9:254,
   doi:10.1186/s13643-020-01521-4). Screening in ranked order, treat the last ``k`` records screened as if
   they were a random sample from the records that were still unscreened when that sample began. Write

   - ``N``: records in the whole set; ``n``: records screened so far; ``r``: relevant records found so far;
   - ``k``: records in the sample (the last ``k`` screened) and ``r_k`` the relevant ones among them;
   - ``M = N - (n - k)``: records unscreened when the sample began; ``r_before = r - r_k``.

   The null hypothesis is "recall is below the target ``t``", i.e. the total number of relevant records is
   more than ``r / t``. The smallest number of relevant records still unscreened at the start of the sample
   under that hypothesis is ``K = floor(r / t - r_before) + 1``. The p-value is the chance of finding at most
   ``r_k`` relevant records in ``k`` random draws from ``M`` records of which ``K`` are relevant:
   ``p = hypergeom.cdf(r_k, M, K, k)`` (scipy's argument order: successes, population, relevant, draws).
   If ``K > M`` the null hypothesis is impossible and ``p = 0``. As in the paper, every ``k`` from 1 to ``n``
   is tried and the smallest p-value is kept; one stops when ``p < alpha`` (0.05 by default), which says
   "recall of at least ``t`` is likely" under the random-sample assumption. The assumption is stronger than a
   true random sample, so screening a random sample at the end gives a stricter guarantee.

2. **The SAFE heuristic** (Boetje & van de Schoot 2024, *Systematic Reviews* 13:81): screen a random sample
   first (for training), then the ranked list, and stop once at least twice the expected number of
   relevant records have been screened and the last ``run_length`` (50 by default) records were all
   irrelevant. It has no statistical guarantee; it is a widely used rule of thumb.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import hypergeom  # type: ignore[import-untyped]

from .remaining import RemainingEstimate, recall_percent

ALPHA = 0.05  # the test says "you may stop" when p is below this
RECALL_TARGET = 0.95


@dataclass(frozen=True)
class StoppingTest:
    p_value: float
    stop: bool
    sample_size: int  # the k (last records screened) that gave the smallest p-value
    recall_target: float
    alpha: float
    remaining: RemainingEstimate | None = None  # relevant records still unscreened (remaining.py)
    found: int = 0  # relevant records in the screening order the test read

    @property
    def target_percent(self) -> int:
        return round(100 * self.recall_target)

    @property
    def confidence_percent(self) -> int:
        return round(100 * (1 - self.alpha))

    @property
    def recall_estimate(self) -> tuple[int, int, int] | None:
        """Recall so far in whole per cent, about and its 90% interval (`remaining.recall_percent`)."""
        return None if self.remaining is None else recall_percent(self.found, self.remaining)


def hypergeometric_p_values(
    screened: Sequence[bool], n_total: int, *, recall_target: float = 0.95
) -> list[float]:
    """p-value for each sample size k = 1..n (the last k records screened), as defined in the module docs."""
    labels = np.asarray(screened, dtype=bool)
    n_screened, found = len(labels), int(labels.sum())
    if n_screened > n_total:
        raise ValueError("More records screened than in the set.")
    if n_screened == 0:
        return []
    k = np.arange(1, n_screened + 1)
    found_in_sample = np.cumsum(labels[::-1])
    unscreened_at_start = n_total - (n_screened - k)
    relevant_if_null = np.floor(found / recall_target - (found - found_in_sample) + 1e-9).astype(int) + 1
    p = hypergeom.cdf(
        found_in_sample, unscreened_at_start, np.minimum(relevant_if_null, unscreened_at_start), k
    )
    return [
        0.0 if too_many else float(value)
        for value, too_many in zip(p, relevant_if_null > unscreened_at_start, strict=True)
    ]


def stopping_test(
    screened: Sequence[bool], n_total: int, *, recall_target: float = RECALL_TARGET, alpha: float = ALPHA
) -> StoppingTest:
    """Hypergeometric stopping test on the decisions so far, in screening order (True = relevant)."""
    p_values = hypergeometric_p_values(screened, n_total, recall_target=recall_target)
    found = int(sum(screened))
    if not p_values:
        return StoppingTest(p_value=1.0, stop=False, sample_size=0, recall_target=recall_target, alpha=alpha)
    best = int(np.argmin(p_values))
    p_value = p_values[best]
    return StoppingTest(
        p_value=p_value,
        stop=p_value < alpha,
        sample_size=best + 1,
        recall_target=recall_target,
        alpha=alpha,
        found=found,
    )


def first_stop(
    screened: Sequence[bool], n_total: int, *, recall_target: float = RECALL_TARGET, alpha: float = ALPHA
) -> int | None:
    """How many decisions (in screening order) had been made when `stopping_test` first said "you may
    stop", as the screening page asks it after every decision; None if it never did."""
    for made in range(1, len(screened) + 1):
        if stopping_test(screened[:made], n_total, recall_target=recall_target, alpha=alpha).stop:
            return made
    return None


def irrelevant_run(screened: Sequence[bool]) -> int:
    """How many records at the end of the screening order were irrelevant in a row."""
    run = 0
    for relevant in reversed(screened):
        if relevant:
            break
        run += 1
    return run


def safe_should_stop(screened: Sequence[bool], *, expected_relevant: float, run_length: int = 50) -> bool:
    """SAFE heuristic: 2 x the expected relevant records screened, and the last `run_length` irrelevant."""
    return len(screened) >= math.ceil(2 * expected_relevant) and irrelevant_run(screened) >= run_length
