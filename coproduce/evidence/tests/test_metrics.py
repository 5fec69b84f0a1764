import math

import pytest

from coproduce.evidence import metrics

# A tiny order: N = 10 records (priors already left out), R = 3 relevant, found at positions 1, 3 and 7.
ORDER = [True, False, True, False, False, False, True, False, False, False]


def test_recall_at_counts_relevant_in_first_tenth():
    # floor(0.10 * 10) = 1 record screened: 1 of 3 relevant found.
    assert metrics.recall_at(ORDER, 0.10) == pytest.approx(1 / 3)
    # floor(0.5 * 10) = 5 records: 2 of 3.
    assert metrics.recall_at(ORDER, 0.5) == pytest.approx(2 / 3)


def test_records_to_recall_finds_ceil_of_target():
    # ceil(0.95 * 3) = 3 relevant records need 7 records; ceil(0.5 * 3) = 2 need 3.
    assert metrics.records_to_recall(ORDER, 0.95) == 7
    assert metrics.records_to_recall(ORDER, 0.5) == 3


def test_wss_at_95_hand_computed():
    # (N - n_95) / N - 0.05 = (10 - 7) / 10 - 0.05 = 0.25
    assert metrics.wss_at(ORDER, 0.95) == pytest.approx(0.25)


def test_wss_perfect_order_is_one_minus_prevalence_minus_slack():
    order = [True] * 5 + [False] * 95
    assert metrics.wss_at(order, 0.95) == pytest.approx(0.95 - 0.05)


def test_loss_hand_computed():
    # cumulative found: 1,1,2,2,2,2,3,3,3,3 -> area 22; best = 3 * (10 - 1) = 27; worst gap = 3 * 7 = 21.
    assert metrics.loss(ORDER) == pytest.approx((27 - 22) / 21)


@pytest.mark.parametrize(
    ("order", "expected"),
    [([True, True, False, False], 0.0), ([False, False, True, True], 1.0)],
)
def test_loss_bounds(order, expected):
    assert metrics.loss(order) == pytest.approx(expected)


def test_average_time_to_discovery_hand_computed():
    # positions 1, 3, 7 of 10 -> mean(0.1, 0.3, 0.7)
    assert metrics.average_time_to_discovery(ORDER) == pytest.approx((0.1 + 0.3 + 0.7) / 3)


def test_metrics_reject_order_without_relevant():
    with pytest.raises(ValueError):
        metrics.wss_at([False, False])
    assert math.isfinite(metrics.recall_at([True, False]))
