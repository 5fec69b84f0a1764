"""The one rule for counts of people the public sees."""

import pytest

from coproduce.core.small_counts import public_count


@pytest.mark.parametrize("n, shown", [(0, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (12, "12")])
def test_a_count_below_the_minimum_reads_fewer_than(n, shown):
    assert public_count(n) == shown


def test_the_minimum_is_one_setting(settings):
    settings.PUBLIC_MIN_COUNT = 10

    assert public_count(9) == "fewer than 10"
