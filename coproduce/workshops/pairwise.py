"""Scores from pairwise choices ("which of these two is better?"), as All Our Ideas reports them.

Each option gets a Bradley-Terry strength p_i, so that option i beats option j with chance
p_i / (p_i + p_j). Strengths are fitted by the MM algorithm (Hunter 2004, "MM algorithms for generalized
Bradley-Terry models"), with a weak prior: every option has one pseudo-win and one pseudo-loss against a
virtual average option of strength 1. The prior keeps an option that was never beaten (or never won) finite,
and an option nobody has seen sits at 1, the average.

The score (0 to 100) is the All Our Ideas score: the estimated chance that the option beats a randomly chosen
other option, ``100 * mean over j != i of p_i / (p_i + p_j)``. Its 95% interval comes from a parametric
bootstrap: ``rounds`` times, every pair's comparisons are replayed with the fitted chances (drawn from
``numpy.random.default_rng(seed)``, so the same votes always give the same interval) and the strengths
refitted; the interval runs from the 2.5th to the 97.5th percentile of the scores, widened when needed so
that it contains the point estimate. (Resampling the votes themselves would give an option that won every
comparison an interval of zero width.)
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

OptionId = Hashable
MIN_COMPARISONS = 5
ROUNDS = 200
PRIOR = 1.0
TOLERANCE = 1e-9
BOOTSTRAP_TOLERANCE = 1e-6
MAX_ITERATIONS = 2000


@dataclass(frozen=True)
class OptionScore:
    """One option's score with its 95% interval, and its raw counts.

    ``few_votes`` is true when the option was in fewer than ``MIN_COMPARISONS`` comparisons: its score is
    mostly the prior.
    """

    option: OptionId
    score: float
    low: float
    high: float
    strength: float
    wins: int
    losses: int
    comparisons: int
    few_votes: bool


@dataclass(frozen=True)
class PairwiseScores:
    """Every option, best score first. ``status`` is ``"no_votes"``, ``"few_votes"`` (some option was in
    fewer than ``min_comparisons`` comparisons) or ``"scores"``."""

    status: Literal["no_votes", "few_votes", "scores"]
    n_votes: int
    min_comparisons: int
    options: tuple[OptionScore, ...]


def strengths_fit(
    wins: NDArray[np.float64],
    *,
    prior: float = PRIOR,
    start: NDArray[np.float64] | None = None,
    tolerance: float = TOLERANCE,
) -> NDArray[np.float64]:
    """Bradley-Terry strengths from ``wins[i, j]`` (times i beat j), by Hunter's MM iteration:

    p_i <- (W_i + prior) / (sum_j n_ij / (p_i + p_j) + 2 prior / (p_i + 1))

    where W_i is i's wins, n_ij the comparisons of i and j, and the virtual average option has strength 1.
    Stops when no log-strength moves by more than ``tolerance``. The games between real options fix only
    the ratios of strengths, and the prior alone fixes their scale, which plain MM finds very slowly; so
    after each step all strengths are multiplied by the factor that best fits the prior (`_prior_scale`),
    which still increases the likelihood at every step.
    """
    games = wins + wins.T
    won = wins.sum(axis=1) + prior
    p = np.ones(wins.shape[0]) if start is None else start.copy()
    for _ in range(MAX_ITERATIONS):
        denominator = (games / (p[:, None] + p[None, :])).sum(axis=1) + 2.0 * prior / (p + 1.0)
        new = won / denominator
        new = new * _prior_scale(new)
        if np.max(np.abs(np.log(new) - np.log(p))) < tolerance:
            return np.asarray(new, dtype=np.float64)
        p = new
    return np.asarray(p, dtype=np.float64)


def _prior_scale(p: NDArray[np.float64]) -> float:
    """The c maximising the prior's likelihood of c * p: one win and one loss of each option against the
    virtual option of strength 1 give sum_i (1 - c p_i) / (1 + c p_i) = 0, that is
    sum_i tanh((log c + log p_i) / 2) = 0, solved by Newton's method in log c."""
    log_p = np.log(p)
    u = -float(np.median(log_p))
    for _ in range(50):
        t = np.tanh((u + log_p) / 2.0)
        step = float(t.sum()) / float(0.5 * (1.0 - t * t).sum())
        u -= step
        if abs(step) < 1e-12:
            break
    return float(np.exp(u))


def scores_from_strengths(p: NDArray[np.float64]) -> NDArray[np.float64]:
    """The All Our Ideas score: 100 x the mean chance of beating each other option."""
    n = p.shape[0]
    if n < 2:
        return np.full(n, 50.0)
    chance = p[:, None] / (p[:, None] + p[None, :])
    np.fill_diagonal(chance, 0.0)
    return np.asarray(100.0 * chance.sum(axis=1) / (n - 1), dtype=np.float64)


def _win_matrix(pairs: NDArray[np.int64], n: int) -> NDArray[np.float64]:
    flat = np.bincount(pairs[:, 0] * n + pairs[:, 1], minlength=n * n)
    return np.asarray(flat.reshape(n, n), dtype=np.float64)


def _bootstrap(
    wins: NDArray[np.float64], start: NDArray[np.float64], *, rounds: int, seed: int, prior: float
) -> NDArray[np.float64]:
    """Scores (rounds x options) refitted on simulated votes: each pair keeps its number of comparisons,
    and each comparison is won with the fitted chance p_i / (p_i + p_j) (a parametric bootstrap)."""
    rng = np.random.default_rng(seed)
    n = start.shape[0]
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    games = (wins + wins.T)[upper].astype(np.int64)
    chance = (start[:, None] / (start[:, None] + start[None, :]))[upper]
    draws = np.empty((rounds, n))
    for r in range(rounds):
        simulated = np.zeros((n, n))
        won = rng.binomial(games, chance)
        simulated[upper] = won
        simulated.T[upper] = games - won
        fitted = strengths_fit(simulated, prior=prior, start=start, tolerance=BOOTSTRAP_TOLERANCE)
        draws[r] = scores_from_strengths(fitted)
    return draws


def pairwise_scores(
    *,
    options: Sequence[OptionId],
    votes: Iterable[tuple[OptionId, OptionId]],
    rounds: int = ROUNDS,
    seed: int = 0,
    prior: float = PRIOR,
    min_comparisons: int = MIN_COMPARISONS,
) -> PairwiseScores:
    """Score ``options`` from ``votes`` given as (winner, loser). Votes naming an unknown option, or the
    same option twice, are ignored."""
    index = {option: i for i, option in enumerate(options)}
    kept = [(index[w], index[lo]) for w, lo in votes if w in index and lo in index and w != lo]
    n = len(options)
    pairs = np.array(kept, dtype=np.int64).reshape(-1, 2)
    wins = _win_matrix(pairs, n) if n else np.zeros((0, 0))
    strengths = strengths_fit(wins, prior=prior) if n else np.zeros(0)
    point = scores_from_strengths(strengths)
    if len(kept) and n:
        draws = _bootstrap(wins, strengths, rounds=rounds, seed=seed, prior=prior)
        low = np.minimum(np.percentile(draws, 2.5, axis=0), point)
        high = np.maximum(np.percentile(draws, 97.5, axis=0), point)
    else:
        low, high = np.zeros(n), np.full(n, 100.0)
    won, lost = wins.sum(axis=1), wins.sum(axis=0)
    items = [
        OptionScore(
            option=option,
            score=float(point[i]),
            low=float(low[i]),
            high=float(high[i]),
            strength=float(strengths[i]),
            wins=int(won[i]),
            losses=int(lost[i]),
            comparisons=int(won[i] + lost[i]),
            few_votes=int(won[i] + lost[i]) < min_comparisons,
        )
        for i, option in enumerate(options)
    ]
    items.sort(key=lambda s: -s.score)
    status: Literal["no_votes", "few_votes", "scores"] = (
        "no_votes" if not kept else "few_votes" if any(s.few_votes for s in items) else "scores"
    )
    return PairwiseScores(
        status=status, n_votes=len(kept), min_comparisons=min_comparisons, options=tuple(items)
    )
