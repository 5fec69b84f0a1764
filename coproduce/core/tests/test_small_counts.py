"""The one rule for counts of people the public sees."""

import pytest

from coproduce.core.small_counts import public_count, public_part, too_few


@pytest.mark.parametrize("n, shown", [(1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (12, "12")])
def test_a_count_below_the_minimum_reads_fewer_than(n, shown):
    assert public_count(n) == shown


def test_zero_reads_zero_as_nobody_is_in_it():
    assert public_count(0) == "0"
    assert not too_few(0)


def test_in_a_group_too_small_to_count_zero_is_hidden_too():
    # "0 objected" of three who answered would tell that all three supported
    assert [public_part(n, whole=3) for n in (0, 3)] == ["fewer than 5", "fewer than 5"]
    assert [public_part(n, whole=12) for n in (0, 3, 9)] == ["0", "fewer than 5", "9"]
    assert public_part(0, whole=0) == "0"


def test_the_minimum_is_one_setting(settings):
    settings.PUBLIC_MIN_COUNT = 10

    assert public_count(9) == "fewer than 10"
    assert public_part(0, whole=9) == "fewer than 10"
