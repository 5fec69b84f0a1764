"""The estimate of the relevant records still unscreened and its 90% interval (remaining.py)."""

from coproduce.evidence.remaining import remaining_estimate


def test_remaining_estimate_is_none_before_any_decision_and_zero_when_all_are_screened():
    assert remaining_estimate([], 100) is None
    done = remaining_estimate([True, False, False], 3)
    assert done is not None and (done.expected, done.low, done.high) == (0, 0, 0)


def test_remaining_estimate_after_a_long_run_of_irrelevant_records_is_small_and_holds_the_few_left():
    # given a ranked screening of 1,000 records whose relevant ones came early: 40 found in the first
    # 120, then 180 irrelevant in a row, with (say) 4 relevant records still among the 700 unscreened
    screened = [i % 3 == 0 for i in range(120)] + [False] * 180
    estimate = remaining_estimate(screened, 1000)
    # then the estimate is a handful, not the tens the share of relevant records so far would suggest
    assert estimate is not None and estimate.unscreened == 700
    assert estimate.low <= 4 <= estimate.high
    assert estimate.expected <= 5 and estimate.high < 16


def test_remaining_estimate_interval_is_wide_while_relevant_records_still_come_often():
    # given the last 50 records screened held 15 relevant ones, with 900 records left
    estimate = remaining_estimate([False] * 50 + [i % 10 < 3 for i in range(50)], 1000)
    # then the interval says that many may be left, and is ordered
    assert estimate is not None
    assert estimate.low <= estimate.expected <= estimate.high
    assert estimate.high >= 30
