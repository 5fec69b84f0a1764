"""The work of an element's strength: the rows read for the people of a linked code or quote do not grow with
the number of codings, and the people are still those who said the words."""

import pytest
from django.db.models.sql import compiler

from coproduce.analysis.models import Coding
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.analysis.tests.speaker_data import code_group_words, consent_set, group_interview
from coproduce.consent.models import ConsentScope
from coproduce.frameworks.models import EvidenceKind
from coproduce.frameworks.selectors.strength import element_strengths
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.people.sectors import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows the queries made through the ORM have read from the database."""
    read = {"rows": 0}
    cursor_iter = compiler.cursor_iter

    def counted(*args, **kwargs):
        for rows in cursor_iter(*args, **kwargs):
            read["rows"] += len(rows)
            yield rows

    monkeypatch.setattr(compiler, "cursor_iter", counted)
    return read


def _strength(element, rows_read):
    rows_read["rows"] = 0
    strength = element_strengths(elements=[element])[element.pk]
    return strength, rows_read["rows"]


def test_the_people_of_a_linked_code_are_read_in_rows_that_do_not_grow_with_its_codings(
    project, lead, rows_read
):
    # Given a group interview whose code is linked to an element (through a theme) and quoted, with two
    # codings: one of the words of P07 (the food bank), one of P08's (the clinic)
    group = group_interview(project, lead)
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES)
    theme = theme_create(project=project, by=lead, name="Working together", codes=[group.code])
    code_group_words(group, lead, "We run the food bank")
    quoted = code_group_words(group, lead, "we refer people to the food bank every week")
    quote = quote_add(theme=theme, coding=quoted, by=lead, for_outputs=True)
    element = element_create(
        framework=framework_create(project=project, by=lead, title="Early help together"),
        by=lead,
        title="Refer early",
        level="tactical",
    )
    evidence_link_add(element=element, by=lead, kind=EvidenceKind.THEME, target=theme)
    evidence_link_add(element=element, by=lead, kind=EvidenceKind.QUOTE, target=quote)
    few, few_rows = _strength(element, rows_read)
    # When the code has twenty more codings of the same people's words
    text = group.transcript.text
    for n, words in enumerate(["food bank"] * 10 + ["refer people"] * 10):
        start = text.index(words) + n % 10
        Coding.objects.create(
            transcript=group.transcript, code=group.code, start=start, end=start + 5, snippet="", coder=lead
        )
    many, many_rows = _strength(element, rows_read)
    # Then the element still counts P07 and P08 and their sectors, from as many rows as before
    assert many.people == few.people == {"interview:P07", "interview:P08"}
    assert many.sectors == few.sectors == {Sector.VCFSE, Sector.PUBLIC_SECTOR}
    assert many_rows == few_rows
