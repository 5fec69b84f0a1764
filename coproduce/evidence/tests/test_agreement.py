"""Cohen's kappa and Gwet's AC1, checked against hand-worked examples."""

import pytest

from coproduce.evidence.agreement import agreement_measure, cohen_kappa, confusion_table, gwet_ac1


def test_cohen_kappa_matches_the_textbook_two_by_two_example():
    # given 50 records: both yes 20, first yes/second no 5, first no/second yes 10, both no 15
    # then p_o = 35/50 = 0.7, p_e = 0.5 x 0.6 + 0.5 x 0.4 = 0.5, kappa = (0.7 - 0.5) / 0.5 = 0.4
    assert cohen_kappa([[20, 5], [10, 15]]) == pytest.approx(0.4)


def test_gwet_ac1_on_the_textbook_two_by_two_example():
    # pi_yes = (25 + 30) / 100 = 0.55, p_e = 2 x 0.55 x 0.45 = 0.495, AC1 = 0.205 / 0.505
    assert gwet_ac1([[20, 5], [10, 15]]) == pytest.approx(0.205 / 0.505)


def test_kappa_paradox_from_gwet_2008_high_agreement_low_kappa_but_high_ac1():
    # Gwet (2008), 125 subjects: (+,+) 118, (+,-) 5, (-,+) 2, (-,-) 0; agreement 94.4%
    table = [[118, 5], [2, 0]]
    # kappa: p_e = (123 x 120 + 2 x 5) / 125^2 = 0.94528 -> (0.944 - 0.94528) / 0.05472 = -0.0234
    assert cohen_kappa(table) == pytest.approx(-0.0234, abs=1e-4)
    # AC1: pi_+ = 243 / 250 = 0.972, p_e = 2 x 0.972 x 0.028 = 0.054432 -> 0.889568 / 0.945568 = 0.9408
    assert gwet_ac1(table) == pytest.approx(0.9408, abs=1e-4)


def test_gwet_ac1_with_three_categories_divides_chance_by_q_minus_one():
    # 4 records, all agree except one: p_o = 0.75; shares include 3/8, exclude 4/8, maybe 1/8
    pairs = [("include", "include"), ("exclude", "exclude"), ("exclude", "exclude"), ("include", "maybe")]
    table = confusion_table(pairs, ["include", "exclude", "maybe"])
    chance = (3 / 8 * 5 / 8 + 4 / 8 * 4 / 8 + 1 / 8 * 7 / 8) / 2
    assert gwet_ac1(table) == pytest.approx((0.75 - chance) / (1 - chance))


def test_agreement_measure_is_empty_without_pairs_and_kappa_undefined_with_one_category():
    assert agreement_measure([], ["include", "exclude"]).n_pairs == 0
    result = agreement_measure([("exclude", "exclude")] * 3, ["include", "exclude"])
    assert (result.n_pairs, result.observed, result.kappa) == (3, 1.0, None)
    assert result.table == ((0, 0), (0, 3))


# Published worked examples: Gwet, K.L. (2014) Handbook of Inter-Rater Reliability, 4th edition, Advanced
# Analytics; the tables and expected values as in the tests of the irrCAC Python package (Aris Fergadis, after
# Gwet's irrCAC R package; GPL-3.0-or-later): github.com/afergadis/irrCAC, irrCAC/datasets.py
# (table_cont3x3abstractors, table_cont4x4diagnosis) and test/unit/irrCAC/table/test_gwet.py. Only the counts
# and the expected coefficients are taken.
ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]  # 100 pregnancies: ectopic, abnormal, normal intrauterine
DIAGNOSIS = [[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]]  # 223 psychiatric patients


def test_gwet_ac1_matches_the_published_worked_examples():
    assert round(gwet_ac1(ABSTRACTORS) or 0, 3) == 0.849
    assert round(gwet_ac1(DIAGNOSIS) or 0, 3) == 0.456


def test_gwet_ac1_leaves_out_a_category_nobody_chose():
    # given the abstractors' table with a fourth category neither of them used
    padded = [[*row, 0] for row in ABSTRACTORS] + [[0, 0, 0, 0]]
    # then AC1 is the published 0.849, worked out over the three categories in use (q = 3, not 4)
    assert round(gwet_ac1(padded) or 0, 3) == 0.849


def test_agreement_measure_names_the_categories_used_and_ignores_unused_maybe():
    # given two screeners who only ever included or excluded (Gwet 2008's kappa-paradox table)
    pairs = [("include", "include")] * 118 + [("include", "exclude")] * 5 + [("exclude", "include")] * 2
    result = agreement_measure(pairs, ["include", "exclude", "maybe"])
    # then AC1 is the two-category value (0.9408), not the one that counts "maybe" as a third category
    assert result.used == ("include", "exclude")
    assert result.ac1 == pytest.approx(0.9408, abs=1e-4)


def test_gwet_ac1_is_undefined_when_every_decision_was_in_one_category():
    assert agreement_measure([("exclude", "exclude")] * 3, ["include", "exclude", "maybe"]).ac1 is None
