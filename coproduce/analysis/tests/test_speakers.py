"""Quotes and the code-by-sector matrix follow who spoke the words, not whose interview it was."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.analysis.models import Coding, Quote
from coproduce.analysis.selectors.coding import coded_turns
from coproduce.analysis.selectors.matrices import INTERVIEWER_COLUMN, PEOPLE, code_sector_matrix
from coproduce.analysis.selectors.priorities import priority_table
from coproduce.analysis.selectors.quotes import quotes_for_outputs
from coproduce.analysis.selectors.retrieval import (
    NOT_RECORDED,
    SegmentFilters,
    segment_list,
    segments_with_context,
)
from coproduce.analysis.services.priorities import priority_candidate_save
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.people.sectors import Sector

from .speaker_data import Group, code_group_words, consent_set, group_interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(project, lead) -> Group:
    return group_interview(project, lead)


def _code(group: Group, by, words: str) -> Coding:
    return code_group_words(group, by, words)


def _theme(project, lead, group):
    return theme_create(project=project, by=lead, name="Working together", codes=[group.code])


def test_a_quote_of_the_interviewers_words_is_refused(project, lead, group):
    consent_set(group.interviewee, lead, ConsentScope.ANONYMISED_QUOTES)
    coding = _code(group, lead, "How do your teams work together?")

    with pytest.raises(ValidationError, match="include the interviewer's"):
        quote_add(theme=_theme(project, lead, group), coding=coding, by=lead, for_outputs=True)
    assert not Quote.objects.exists()


def test_a_quote_spanning_a_question_and_its_answer_is_refused(project, lead, group):
    consent_set(group.interviewee, lead, ConsentScope.ANONYMISED_QUOTES)
    coding = _code(group, lead, "work together?\n\nWe run the food bank")

    with pytest.raises(ValidationError, match="include the interviewer's"):
        quote_add(theme=_theme(project, lead, group), coding=coding, by=lead, for_outputs=True)


def test_a_quote_of_someone_not_in_the_register_is_refused(project, lead, group):
    consent_set(group.interviewee, lead, ConsentScope.ANONYMISED_QUOTES)
    coding = _code(group, lead, "lock the side door")

    theme = _theme(project, lead, group)

    with pytest.raises(ValidationError, match="not in the register"):
        quote_add(theme=theme, coding=coding, by=lead, for_outputs=True)
    quote_add(theme=theme, coding=coding, by=lead)  # kept for analysis only
    assert Quote.objects.get().for_outputs is False


def test_a_quote_of_another_stakeholder_needs_their_consent(project, lead, group):
    # given the person interviewed consents to quotes, but the colleague who said the words does not
    consent_set(group.interviewee, lead, ConsentScope.ANONYMISED_QUOTES)
    coding = _code(group, lead, "we refer people to the food bank every week")
    theme = _theme(project, lead, group)

    with pytest.raises(ValidationError, match="P08 has not consented to anonymised quotes"):
        quote_add(theme=theme, coding=coding, by=lead, for_outputs=True)

    # when the colleague consents, it may go in outputs, whatever the person interviewed says later
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES)
    quote_add(theme=theme, coding=coding, by=lead, for_outputs=True)
    consent_set(group.interviewee, lead, ConsentScope.ANONYMISED_QUOTES, kind=ConsentKind.WITHDRAWN)
    assert len(quotes_for_outputs(theme=theme)) == 1

    # and when the colleague withdraws, the report leaves it out at once
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES, kind=ConsentKind.WITHDRAWN)
    assert quotes_for_outputs(theme=theme) == []


def _cells(matrix, code) -> dict[str, tuple[int, int]]:
    row = next(r for r in matrix.rows if r.item.code.pk == code.pk)
    return {cell.sector: (cell.segments, cell.people) for cell in row.cells if cell.segments}


def test_the_matrix_counts_the_speakers_sector_and_person(project, lead, group):
    _code(group, lead, "we refer people to the food bank every week")  # P08, public sector

    matrix = code_sector_matrix(project=project, measure=PEOPLE)

    assert _cells(matrix, group.code) == {Sector.PUBLIC_SECTOR: (1, 1)}
    assert (matrix.segments, matrix.people) == (1, 1)


def test_the_matrix_leaves_the_interviewer_out_unless_asked(project, lead, group):
    _code(group, lead, "How do your teams work together?")
    _code(group, lead, "We run the food bank")  # P07, VCFSE
    _code(group, lead, "lock the side door")  # someone else

    default = code_sector_matrix(project=project)
    counted = code_sector_matrix(project=project, include_interviewer=True)

    assert _cells(default, group.code) == {Sector.VCFSE: (1, 1), NOT_RECORDED: (1, 1)}
    assert (default.segments, [c for c, _ in default.columns][-1]) == (2, NOT_RECORDED)
    assert _cells(counted, group.code) == {
        Sector.VCFSE: (1, 1),
        NOT_RECORDED: (1, 1),
        INTERVIEWER_COLUMN: (1, 1),
    }
    assert (counted.segments, counted.people) == (3, 3)


def test_the_matrix_page_has_a_switch_for_the_interviewer(lead_client, project, lead, group):
    _code(group, lead, "How do your teams work together?")
    url = reverse("analysis:code_sector_matrix", kwargs={"project_id": project.public_id})

    default = lead_client.get(url).text
    counted = lead_client.get(url, {"interviewer": "yes"}).text

    assert "Count the interviewer" in default and "words are left out" in default
    assert ">Interviewer</th>" not in default
    assert ">Interviewer</th>" in counted and "interviewer=yes&amp;format=csv" in counted


def test_priority_areas_count_the_people_who_spoke(project, lead, group):
    _code(group, lead, "How do your teams work together?")  # the interviewer: not a voice
    _code(group, lead, "we refer people to the food bank every week")  # P08, public sector
    theme = _theme(project, lead, group)
    priority_candidate_save(project=project, by=lead, title="Referrals", themes=[theme])

    _, rows = priority_table(project=project)

    assert (rows[0].people, rows[0].sectors) == (1, 1)


def test_segments_of_a_matrix_cell_are_the_ones_it_counts(project, lead, group):
    # given the colleague's words, the caretaker's, and the interviewer's question, all coded
    colleague = _code(group, lead, "we refer people to the food bank every week")
    caretaker = _code(group, lead, "lock the side door")
    _code(group, lead, "How do your teams work together?")

    def listed(sector):
        return list(segment_list(project=project, filters=SegmentFilters(sector=sector)))

    # then each sector's segments are those its speakers said, as the matrix counts them
    assert listed(Sector.PUBLIC_SECTOR) == [colleague]
    assert listed(Sector.VCFSE) == []
    assert listed(NOT_RECORDED) == [caretaker]
    shown = segments_with_context(project=project, codings=[colleague, caretaker])
    assert [(s.person, s.sector) for s in shown] == [
        ("P08", Sector.PUBLIC_SECTOR.label),
        ("Someone else", "Not recorded"),
    ]


def test_the_coding_page_names_each_turn_by_its_speakers_code(group):
    turns = coded_turns(transcript=group.transcript)

    assert [turn.speaker for turn in turns] == ["Interviewer", "P07", "P08", "Someone else"]
