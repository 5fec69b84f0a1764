"""Agreement figures checked against values worked out by hand, and against the krippendorff package."""

import krippendorff
import numpy as np
import pytest

from coproduce.analysis.agreement import Table, agreement_by_code, code_table, sentence_spans


def test_kappa_and_alpha_by_hand():
    # 10 units: both yes 4, only first 1, only second 1, both no 4.
    table = Table(both=4, first_only=1, second_only=1, neither=4)
    # p_o = 0.8; each coder says yes half the time, so p_e = 0.5; kappa = 0.3 / 0.5 = 0.6
    assert table.kappa == pytest.approx(0.6)
    # n = 20 values, 10 yes and 10 no: alpha = 1 - 19 * 2 / (10 * 10) = 0.62
    assert table.alpha == pytest.approx(0.62)
    assert table.percent_agreement == pytest.approx(0.8)


@pytest.mark.parametrize(
    "table", [Table(3, 2, 0, 5), Table(1, 4, 2, 9), Table(7, 0, 1, 0), Table(2, 3, 3, 2)]
)
def test_alpha_matches_the_krippendorff_package(table):
    first = [1] * table.both + [1] * table.first_only + [0] * table.second_only + [0] * table.neither
    second = [1] * table.both + [0] * table.first_only + [1] * table.second_only + [0] * table.neither

    expected = krippendorff.alpha(reliability_data=np.array([first, second]), level_of_measurement="nominal")

    assert table.alpha == pytest.approx(expected)


def test_no_variation_gives_no_figure():
    assert Table(0, 0, 0, 10).kappa is None
    assert Table(0, 0, 0, 10).alpha is None


def test_character_units_count_each_character():
    # text of 10 characters; first coder codes 0-6, second 4-10
    table = code_table(text_length=10, first=[(0, 6)], second=[(4, 10)], units=None)

    assert (table.both, table.first_only, table.second_only, table.neither) == (2, 4, 4, 0)


def test_segment_units_count_overlapping_turns():
    turns = [(0, 5), (7, 12), (14, 20)]

    table = code_table(text_length=20, first=[(1, 3), (15, 16)], second=[(8, 9), (14, 20)], units=turns)

    assert (table.both, table.first_only, table.second_only, table.neither) == (1, 1, 1, 0)


def test_leaving_out_uncoded_text_changes_the_denominator():
    text = "a" * 100
    first = {1: [(0, 10)]}
    second = {1: [(5, 10)], 2: [(50, 60)]}

    with_uncoded = agreement_by_code(text=text, turns=[], first=first, second=second)
    without = agreement_by_code(text=text, turns=[], first=first, second=second, uncoded=False)

    assert with_uncoded[0].table.units == 100
    assert without[0].table.units == 20  # characters 0-10 and 50-60
    assert without[0].table.neither == 10
    assert [a.code_id for a in without] == [1, 2]


def test_sentences_split_at_stops_and_line_breaks():
    text = "We met. Did it help? Yes!\nMostly"

    assert [text[s:e] for s, e in sentence_spans(text)] == ["We met.", "Did it help?", "Yes!", "Mostly"]
