"""The scaling run's copied conversation (bench/opinion/scaling.py): copies that are alike, not identical."""

import pytest

from bench.opinion.scaling import conversation_copied

VOTES = [(0, 10, 1, 100), (0, 11, -1, 101), (3, 10, 0, 102), (3, 11, 1, 103)]
PUBLISHED = {0: 0, 3: 1}


def test_copies_get_new_voter_ids_and_keep_their_published_group():
    # Given two voters, the largest id 3
    # When the conversation is copied three times with no changes
    votes, groups = conversation_copied(VOTES, PUBLISHED, copies=3, noise=0.0)
    # Then copy c of voter p is voter p + 4c, with the same votes and published group
    assert votes == [
        *VOTES,
        (4, 10, 1, 100),
        (4, 11, -1, 101),
        (7, 10, 0, 102),
        (7, 11, 1, 103),
        (8, 10, 1, 100),
        (8, 11, -1, 101),
        (11, 10, 0, 102),
        (11, 11, 1, 103),
    ]
    assert groups == {0: 0, 3: 1, 4: 0, 7: 1, 8: 0, 11: 1}


def test_changed_votes_take_another_value_in_every_copy_but_the_first():
    # Given 2,000 votes of each value
    votes = [(p, s, v, 0) for p in range(200) for s, v in enumerate([-1, 0, 1] * 10)]
    # When they are copied twice with a 10% chance of change
    copied, _ = conversation_copied(votes, {}, copies=2, noise=0.1)
    first, second = copied[: len(votes)], copied[len(votes) :]
    # Then the first copy is the original, and about 10% of the second's votes differ, each to another value
    assert first == votes
    changed = [(a[2], b[2]) for a, b in zip(votes, second, strict=True) if a[2] != b[2]]
    assert 0.08 < len(changed) / len(votes) < 0.12
    assert {b for _, b in changed} == {-1, 0, 1}
    # and the same arguments give the same votes
    assert conversation_copied(votes, {}, copies=2, noise=0.1) == (copied, {})


def test_at_least_one_copy():
    with pytest.raises(ValueError):
        conversation_copied(VOTES, PUBLISHED, copies=0)
