import pytest
from scipy.stats import hypergeom  # type: ignore[import-untyped]

from coproduce.evidence import stopping


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
