from dataclasses import replace

import pytest
from scipy.stats import hypergeom  # type: ignore[import-untyped]

from coproduce.evidence import stopping
from coproduce.evidence.remaining import RemainingEstimate, recall_percent


def test_hypergeometric_p_value_hand_computed():
    # Given 100 records, 20 screened: 10 relevant in the first 10, none in the last 10.
    screened = [True] * 10 + [False] * 10
    p_values = stopping.hypergeometric_p_values(screened, 100, recall_target=0.95)
    # k = 10: r = 10, r_before = 10, K = floor(10 / 0.95 - 10) + 1 = 1, M = 100 - 10 = 90.
    assert p_values[9] == pytest.approx(hypergeom.cdf(0, 90, 1, 10))
    assert p_values[9] == pytest.approx(80 / 90)
    # k = 1: M = 81, K = 1: P(0 relevant in 1 draw) = 80 / 81.
    assert p_values[0] == pytest.approx(80 / 81)


def test_stopping_test_stops_after_long_irrelevant_run():
    # Given 1,000 records: 95 relevant found early, then 600 irrelevant in a row.
    screened = [True] * 95 + [False] * 600
    result = stopping.stopping_test(screened, 1000)
    # k = 600: r = 95, r_before = 95, K = floor(100 - 95) + 1 = 6, M = 905.
    expected = hypergeom.cdf(0, 905, 6, 600)
    assert expected < 0.05
    assert result.p_value <= expected + 1e-12
    assert result.stop is True


def test_stopping_test_does_not_stop_early():
    result = stopping.stopping_test([True] * 5 + [False] * 5, 1000)
    assert result.stop is False
    assert result.p_value > 0.05


def test_stopping_test_impossible_null_gives_zero():
    # Every record screened: no relevant can remain, so recall is certainly 100%.
    result = stopping.stopping_test([True, False, False], 3)
    assert result.p_value == 0.0
    assert result.stop is True


def test_stopping_test_empty_and_invalid():
    assert stopping.stopping_test([], 10).stop is False
    with pytest.raises(ValueError):
        stopping.stopping_test([False] * 5, 3)


def test_safe_should_stop_needs_both_conditions():
    screened = [True] * 5 + [False] * 50
    assert stopping.irrelevant_run(screened) == 50
    assert stopping.safe_should_stop(screened, expected_relevant=10) is True
    assert stopping.safe_should_stop(screened, expected_relevant=40) is False
    assert stopping.safe_should_stop(screened[:-1], expected_relevant=10) is False


def test_first_stop_is_the_first_decision_at_which_the_test_says_stop():
    # Given 3 records screened relevant, irrelevant, irrelevant. After 1: k = 1, r_k = 1, M = 3,
    # K = floor(1 / 0.95) + 1 = 2, p = P(at most 1 of 2 relevant in 1 draw) = 1. After 2: k = 1, r_k = 0,
    # M = 2, K = floor(1 / 0.95 - 1) + 1 = 1, p = 1/2; k = 2: p = P(at most 1 in 2 draws of 3, 2 relevant)
    # = 2/3. After 3 every record is screened, so no relevant record can be left: p = 0.
    assert stopping.first_stop([True, False, False], 3) == 3
    # With 5 records in the set, the two screened never let the test say stop.
    assert stopping.first_stop([True, False], 5) is None
    # The long run of irrelevant records above: it says stop before the end, and not before k is large.
    made = stopping.first_stop([True] * 95 + [False] * 600, 1000)
    assert made is not None and 95 < made <= 695
    assert stopping.stopping_test(([True] * 95 + [False] * 600)[: made - 1], 1000).stop is False


def test_stopping_test_gives_its_target_and_confidence_in_per_cent_and_the_recall_estimate():
    # 9 relevant found; about 1 left, between 0 and 3: recall 9/10 = 90%, 9/12 = 75%, 9/9 = 100%.
    test = stopping.stopping_test([True] * 9 + [False] * 11, 100)
    assert (test.target_percent, test.confidence_percent, test.found) == (95, 95, 9)
    assert test.recall_estimate is None  # no estimate of what is left yet
    left = RemainingEstimate(expected=1, low=0, high=3, unscreened=80)
    assert replace(test, remaining=left).recall_estimate == (90, 75, 100)


def test_recall_percent_rounds_down_and_needs_a_relevant_record():
    # 2 found, about 1 left (0 to 2): 2/3 = 66.7% -> 66, 2/4 = 50, 2/2 = 100.
    assert recall_percent(2, RemainingEstimate(expected=1, low=0, high=2, unscreened=10)) == (66, 50, 100)
    assert recall_percent(0, RemainingEstimate(expected=1, low=0, high=2, unscreened=10)) is None
