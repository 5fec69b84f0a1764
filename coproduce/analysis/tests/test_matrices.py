import pytest

from coproduce.analysis.selectors.matrices import (
    PEOPLE,
    _pairs,
    code_cooccurrence,
    code_sector_matrix,
    heat,
)
from coproduce.analysis.selectors.retrieval import NOT_RECORDED
from coproduce.analysis.services.codings import coding_create
from coproduce.people.sectors import Sector

from .retrieval_data import code_words, retrieval_world

pytestmark = pytest.mark.django_db


def _row(matrix, code):
    row = next(r for r in matrix.rows if r.item.code.pk == code.pk)
    return {cell.sector: (cell.segments, cell.people) for cell in row.cells if cell.segments}


def test_code_sector_matrix_counts_segments_and_people_by_sector():
    world = retrieval_world()
    matrix = code_sector_matrix(project=world.project)
    assert [label for _, label in matrix.columns][-1] == "Other / unknown"
    assert len(matrix.columns) == 7
    assert _row(matrix, world.trust) == {Sector.VCFSE: (2, 1)}
    assert _row(matrix, world.informal) == {Sector.PUBLIC_SECTOR: (1, 1)}
    assert _row(matrix, world.funding) == {Sector.VCFSE: (1, 1), Sector.PUBLIC_SECTOR: (1, 1)}
    assert (matrix.segments, matrix.people) == (5, 2)  # the unfinished transcript is left out


def test_code_sector_matrix_can_count_sub_codes_in_their_parent():
    world = retrieval_world()
    matrix = code_sector_matrix(project=world.project, include_subcodes=True)
    assert _row(matrix, world.trust) == {Sector.VCFSE: (2, 1), Sector.PUBLIC_SECTOR: (1, 1)}
    trust = next(r for r in matrix.rows if r.item.code.pk == world.trust.pk)
    assert (trust.segments, trust.people) == (3, 2)
    assert matrix.segments == 5  # each segment once in the totals


def test_code_sector_matrix_heat_follows_the_chosen_measure():
    world = retrieval_world()
    by_segments = code_sector_matrix(project=world.project)
    by_people = code_sector_matrix(project=world.project, measure=PEOPLE)
    trust_vcfse = next(r for r in by_segments.rows if r.item.code.pk == world.trust.pk).cells[1]
    assert trust_vcfse.heat == 4
    assert next(r for r in by_people.rows if r.item.code.pk == world.funding.pk).cells[1].heat == 4


def test_code_sector_matrix_puts_people_without_an_organisation_under_not_recorded():
    world = retrieval_world()
    world.unfinished.redaction_done_at = world.food_bank.redaction_done_at
    world.unfinished.save()
    matrix = code_sector_matrix(project=world.project)
    assert _row(matrix, world.funding)[NOT_RECORDED] == (1, 1)


def test_heat_steps():
    assert [heat(v, 8) for v in (0, 1, 2, 3, 4, 8)] == [0, 1, 1, 2, 2, 4]
    assert heat(0, 0) == 0


def test_cooccurrence_counts_pairs_in_the_same_turn():
    world = retrieval_world()
    matrix = code_cooccurrence(project=world.project)
    counts = {
        (row.item.code.name, other.code.name): cell.count
        for row in matrix.rows
        for other, cell in zip(matrix.codes, row.cells, strict=True)
    }
    assert counts["Trust", "Funding"] == counts["Funding", "Trust"] == 2
    assert counts["Informal trust", "Funding"] == 1
    assert counts["Trust", "Informal trust"] == 0
    assert (counts["Trust", "Trust"], counts["Funding", "Funding"]) == (2, 2)  # segments with the code
    assert matrix.pairs == 3


def test_cooccurrence_counts_overlapping_segments_across_turns():
    world = retrieval_world()
    question = world.food_bank.text.index("council?")
    end = world.food_bank.text.index("volunteers")
    coding_create(transcript=world.food_bank, code=world.informal, by=world.lead, start=question, end=end)
    matrix = code_cooccurrence(project=world.project)
    informal = next(r for r in matrix.rows if r.item.code.pk == world.informal.pk)
    by_code = {cell.code_id: cell.count for cell in informal.cells}
    assert by_code[world.trust.pk] == 2  # the participant turn it reaches into holds two Trust segments


def test_pairs_without_turns_are_overlaps_only():
    spans = [(0, 10, 1), (5, 15, 2), (20, 30, 3)]
    assert _pairs(spans, [], []) == {(0, 1)}
    assert _pairs(spans, [0, 18], [17, 40]) == {(0, 1)}
    assert _pairs(spans, [0], [40]) == {(0, 1), (0, 2), (1, 2)}


def test_code_words_helper_finds_later_occurrences():
    world = retrieval_world()
    code_words(world.nhs, world.trust, world.researcher, "trust", occurrence=1)
    assert world.nhs.codings.filter(code=world.trust).get().snippet == "trust"
