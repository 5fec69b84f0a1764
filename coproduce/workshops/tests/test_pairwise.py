"""Tests of the pairwise scores (Bradley-Terry by MM with a weak prior) on tiny hand-made vote sets."""

import numpy as np
import pytest

from coproduce.workshops.pairwise import pairwise_scores, scores_from_strengths, strengths_fit


def _solve(f, low: float, high: float) -> float:
    """Bisection, as one would do by hand, independent of the MM code."""
    for _ in range(200):
        middle = (low + high) / 2
        if (f(low) < 0) == (f(middle) < 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


def test_pairwise_scores_two_options_one_vote_by_hand():
    # Given A beat B once. By symmetry p_B = 1 / p_A = 1 / x, and A's likelihood equation (observed wins plus
    # the pseudo-win = expected wins against B and twice against the average option of strength 1) is
    # 1 + 1 = x / (x + 1/x) + 2x / (x + 1).
    x = _solve(lambda x: x * x / (x * x + 1) + 2 * x / (x + 1) - 2, 1.0, 10.0)
    # When scored
    result = pairwise_scores(options=["A", "B"], votes=[("A", "B")])
    # Then the strengths and the score (the chance A beats B) are those
    a, b = result.options
    assert (a.option, b.option) == ("A", "B")
    assert a.strength == pytest.approx(x, rel=1e-6)
    assert b.strength == pytest.approx(1 / x, rel=1e-6)
    assert a.score == pytest.approx(100 * x * x / (x * x + 1), rel=1e-6)
    assert a.score + b.score == pytest.approx(100.0)
    assert (a.wins, a.losses, a.comparisons, b.wins, b.losses) == (1, 0, 1, 0, 1)


def test_pairwise_scores_three_options_satisfy_the_likelihood_equations():
    # Given A beat B 3 times and C twice, B beat C 2 times and A once, C beat A once.
    votes = [("A", "B")] * 3 + [("A", "C")] * 2 + [("B", "C")] * 2 + [("B", "A"), ("C", "A")]
    wins = np.array([[0, 3, 2], [1, 0, 2], [1, 0, 0]], dtype=float)
    # When fitted
    p = strengths_fit(wins)
    # Then, for each option, wins + 1 = sum_j n_ij p_i / (p_i + p_j) + 2 p_i / (p_i + 1)
    games = wins + wins.T
    for i in range(3):
        expected = sum(games[i, j] * p[i] / (p[i] + p[j]) for j in range(3) if j != i)
        assert wins[i].sum() + 1 == pytest.approx(expected + 2 * p[i] / (p[i] + 1), abs=1e-7)
    result = pairwise_scores(options=["A", "B", "C"], votes=votes)
    assert [o.option for o in result.options] == ["A", "B", "C"]
    a = result.options[0]
    assert a.score == pytest.approx(50 * (p[0] / (p[0] + p[1]) + p[0] / (p[0] + p[2])), rel=1e-6)
    assert (a.wins, a.losses, a.comparisons) == (5, 2, 7)


def test_pairwise_scores_symmetric_data_give_equal_scores():
    # Given each option beat each other option exactly once
    votes = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b"), ("a", "c"), ("c", "a")]
    result = pairwise_scores(options=["a", "b", "c"], votes=votes)
    # Then every strength is 1 (the average) and every score 50
    for option in result.options:
        assert option.strength == pytest.approx(1.0)
        assert option.score == pytest.approx(50.0)


def test_pairwise_scores_unbeaten_option_ranks_first_and_stays_finite():
    votes = [("win", "x")] * 4 + [("win", "y")] * 4 + [("x", "y"), ("y", "x")]
    result = pairwise_scores(options=["x", "y", "win"], votes=votes)
    assert result.options[0].option == "win"
    assert np.isfinite(result.options[0].strength)
    assert 50 < result.options[0].score < 100


def test_pairwise_scores_intervals_contain_the_estimate_and_narrow_with_more_votes():
    few = [("a", "b"), ("a", "b"), ("b", "a"), ("a", "c"), ("c", "b"), ("b", "c")]
    small = pairwise_scores(options=["a", "b", "c"], votes=few)
    large = pairwise_scores(options=["a", "b", "c"], votes=few * 10)
    for result in (small, large):
        for o in result.options:
            assert o.low <= o.score <= o.high
    width = {o.option: o.high - o.low for o in small.options}
    for o in large.options:
        assert o.high - o.low < width[o.option]


def test_pairwise_scores_are_deterministic_with_a_seed():
    votes = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "a")]
    first = pairwise_scores(options=["a", "b", "c"], votes=votes, seed=3)
    again = pairwise_scores(options=["a", "b", "c"], votes=votes, seed=3)
    assert first == again


def test_pairwise_scores_states():
    none = pairwise_scores(options=["a", "b"], votes=[])
    assert none.status == "no_votes"
    assert all(o.score == 50.0 and (o.low, o.high) == (0.0, 100.0) for o in none.options)
    few = pairwise_scores(options=["a", "b"], votes=[("a", "b")] * 4)
    assert few.status == "few_votes"
    assert all(o.few_votes for o in few.options)
    enough = pairwise_scores(options=["a", "b"], votes=[("a", "b")] * 5)
    assert enough.status == "scores"


def test_pairwise_scores_ignore_unknown_options_and_handle_one_option():
    result = pairwise_scores(options=["a"], votes=[("a", "zz"), ("a", "a")])
    assert result.n_votes == 0
    assert result.options[0].score == 50.0
    assert scores_from_strengths(np.array([2.0, 2.0])) == pytest.approx([50.0, 50.0])


def test_pairwise_scores_unbeaten_option_has_a_real_interval():
    # Resampling votes would give zero width here; the parametric bootstrap replays each comparison.
    result = pairwise_scores(options=["a", "b"], votes=[("a", "b")] * 6)
    a = result.options[0]
    assert a.high - a.low > 10
    assert a.low < a.score <= a.high
