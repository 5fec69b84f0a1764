"""Tests of the statements analysis on small hand-made vote sets."""

import math
from pathlib import Path

import pytest

from coproduce.workshops.opinion import AnalysisOptions, default_min_group_size, opinion_analyse
from coproduce.workshops.opinion.statements import prop_test, two_prop_test

# Two camps of four: camp A (a1-a4) agrees with s1, s2 and disagrees with s3, s4; camp B the reverse.
CAMP_A = ["a1", "a2", "a3", "a4"]
CAMP_B = ["b1", "b2", "b3", "b4"]
STATEMENTS = ["s1", "s2", "s3", "s4"]


def two_camps() -> list[tuple[str, str, int]]:
    votes = []
    for person in CAMP_A:
        votes += [(person, "s1", 1), (person, "s2", 1), (person, "s3", -1), (person, "s4", -1)]
    for person in CAMP_B:
        votes += [(person, "s1", -1), (person, "s2", -1), (person, "s3", 1), (person, "s4", 1)]
    return votes


OPTIONS = AnalysisOptions(min_votes=4, min_group_size=3)


def test_two_camps_give_two_groups_with_the_right_members():
    result = opinion_analyse(votes=two_camps(), options=OPTIONS)
    assert result.status == "groups"
    assert result.k == 2
    members = sorted(sorted(g.members) for g in result.groups)
    assert members == [CAMP_A, CAMP_B]
    assert result.silhouette == pytest.approx(1.0)
    assert all(p.margin > 0 for p in result.placements)


def test_repness_by_hand():
    result = opinion_analyse(votes=two_camps(), options=OPTIONS)
    group_a = next(g.label for g in result.groups if "a1" in g.members)
    found = {r.statement: r for r in result.repness[group_a]}
    # Group A: 4 of 4 agree with s1, everyone else 0 of 4.
    s1 = found["s1"]
    assert s1.direction == "agree"
    assert s1.p_in == pytest.approx(5 / 6)
    assert s1.p_out == pytest.approx(1 / 6)
    assert s1.ratio == pytest.approx(5.0)
    # z_in = 2 * sqrt(5) * (5/5 - 0.5) = sqrt(5)
    # z_diff, counts plus one: (5/5 - 1/5) / sqrt(.6 * .4 * .4)
    assert s1.z_in == pytest.approx(math.sqrt(5))
    assert s1.z_diff == pytest.approx(0.8 / math.sqrt(0.6 * 0.4 * 0.4))
    # Group A disagrees with s3 as strongly.
    assert found["s3"].direction == "disagree"
    assert found["s3"].p_in == pytest.approx(5 / 6)
    assert set(found) == set(STATEMENTS)


def test_repness_drops_what_is_not_significant():
    # Everyone agrees with s5: no group differs from the rest (z_diff 0), so it represents no group.
    votes = [*two_camps(), *[(p, "s5", 1) for p in CAMP_A + CAMP_B]]
    result = opinion_analyse(votes=votes, options=OPTIONS)
    assert all("s5" not in {r.statement for r in found} for found in result.repness.values())
    # One voter against one: z_diff = (1 - 0.5) / sqrt(0.75 * 0.25 * 1.0) = 1.155, below 1.2816.
    assert two_prop_test(1, 0, 1, 1) == pytest.approx(0.5 / math.sqrt(0.75 * 0.25))
    assert prop_test(4, 4) == pytest.approx(math.sqrt(5))


def test_group_informed_consensus_by_hand():
    votes = two_camps()
    votes += [(p, "s5", 1) for p in CAMP_A + CAMP_B]  # everyone agrees with s5
    result = opinion_analyse(votes=votes, options=OPTIONS)
    consensus = {c.statement: c for c in result.consensus}
    # Each group: (1 + 4) / (2 + 4) = 5/6 agree on s5; product 25/36. On s1: 5/6 x 1/6.
    assert consensus["s5"].agree == pytest.approx(25 / 36)
    assert consensus["s5"].disagree == pytest.approx(1 / 36)
    assert consensus["s1"].agree == pytest.approx(5 / 36)
    assert result.consensus[0].statement == "s5"
    divisive = {d.statement: d for d in result.divisive}
    assert divisive["s5"].variance == pytest.approx(0.0)
    # Shares 5/6 and 1/6: variance (1/3)^2.
    assert divisive["s1"].variance == pytest.approx(1 / 9)


def test_not_enough_votes():
    votes = [("a1", "s1", 1), ("a2", "s1", -1), ("a1", "s2", 1)]
    result = opinion_analyse(votes=votes)
    assert result.status == "not_enough_votes"
    assert result.groups == ()
    assert result.reason


def test_participants_below_min_votes_are_not_placed():
    votes = [*two_camps(), ("late", "s1", 1)]
    result = opinion_analyse(votes=votes, options=OPTIONS)
    assert "late" not in {p.participant for p in result.placements}
    assert result.n_participants == 8


def test_min_votes_follows_polis_when_few_statements():
    result = opinion_analyse(votes=two_camps(), options=AnalysisOptions(min_group_size=3))
    assert result.min_votes == 4  # min(7, 4 statements)


def test_min_group_size_guard():
    # Six in camp A, two in camp B: a group of two is below the guard of 3.
    votes = two_camps()
    votes = [v for v in votes if v[0] not in ("b3", "b4")]
    votes += [(p, s, v) for p in ("a5", "a6") for (q, s, v) in two_camps() if q == "a1"]
    assert opinion_analyse(votes=votes, options=OPTIONS).status == "not_enough_votes"
    loose = opinion_analyse(votes=votes, options=AnalysisOptions(min_votes=4, min_group_size=2))
    assert loose.status == "groups"
    assert sorted(len(g.members) for g in loose.groups) == [2, 6]


def test_default_min_group_size():
    assert default_min_group_size(10) == 3
    assert default_min_group_size(100) == 5
    assert default_min_group_size(101) == 6


def test_same_input_same_output():
    votes = [*two_camps(), ("c1", "s1", 1), ("c1", "s2", 0), ("c1", "s3", 1), ("c1", "s4", -1)]
    first = opinion_analyse(votes=votes, options=OPTIONS)
    second = opinion_analyse(votes=list(reversed(votes)), options=OPTIONS)
    assert first == second


def test_cross_sector_scores():
    sectors = dict.fromkeys(CAMP_A, "residents") | dict.fromkeys(CAMP_B, "services")
    votes = two_camps() + [(p, "s5", 1) for p in CAMP_A + CAMP_B] + [("a1", "s6", 1)]
    result = opinion_analyse(votes=votes, sectors=sectors, options=OPTIONS)
    items = {c.statement: c for c in result.cross_sector}
    # s5: both sectors 4 of 4 agree, smoothed 5/6 each; the minimum is 5/6.
    assert items["s5"].score == pytest.approx(5 / 6)
    assert [(s.sector, s.n_votes, s.share) for s in items["s5"].sectors] == [
        ("residents", 4, 1.0),
        ("services", 4, 1.0),
    ]
    # s1: residents agree (5/6) but services disagree (1/6): the score is the lowest.
    assert items["s1"].score == pytest.approx(1 / 6)
    # s6: only one vote, so no sector has n >= 2.
    assert items["s6"].score is None
    assert result.cross_sector[0].statement == "s5"


def test_cross_sector_without_groups():
    votes = [("a1", "s1", 1), ("a2", "s1", 1), ("b1", "s1", 1), ("b2", "s1", 0)]
    result = opinion_analyse(votes=votes, sectors={"a1": "x", "a2": "x", "b1": "y", "b2": "y"})
    assert result.status == "not_enough_votes"
    assert result.cross_sector[0].score == pytest.approx(2 / 4)  # sector y: (1 + 1) / (2 + 2)


def test_invalid_vote_value():
    with pytest.raises(ValueError):
        opinion_analyse(votes=[("a1", "s1", 2)])


def test_real_conversation_if_present():
    folder = (
        Path(__file__).resolve().parents[3].parent
        / "shared"
        / "data"
        / "polis"
        / "scoop-hivemind.biodiversity"
    )
    if not folder.exists():
        pytest.skip("Pol.is open data not available")
    import csv

    with open(folder / "votes.csv", newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(r["timestamp"]))
    votes = [(int(r["voter-id"]), int(r["comment-id"]), int(r["vote"])) for r in rows]
    result = opinion_analyse(votes=votes)
    assert result.status == "groups"
    assert result.k >= 2


def test_excluded_statements_count_towards_min_votes_only():
    votes = [*two_camps(), *[(p, "gone", 1) for p in CAMP_A + CAMP_B]]
    options = AnalysisOptions(min_votes=5, min_group_size=3)
    result = opinion_analyse(votes=votes, excluded_statements={"gone"}, options=options)
    assert result.status == "groups"  # 4 kept votes + 1 on the excluded statement reach 5
    assert result.n_statements == 4
    assert "gone" not in {c.statement for c in result.consensus}
    assert sorted(sorted(g.members) for g in result.groups) == [CAMP_A, CAMP_B]
    without = opinion_analyse(votes=two_camps(), options=options)
    assert without.status == "not_enough_votes"
