"""The report quotes words only with the consent of whoever said them, and attributes them to their sector."""

import pytest

from coproduce.analysis.services.priorities import priority_candidate_save, priority_decision_record
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.analysis.tests.speaker_data import code_group_words, consent_set, group_interview
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.people.sectors import Sector
from coproduce.reports.document import Quote as QuoteBlock
from coproduce.reports.selectors.output_sections import findings_blocks, public_quotes

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(project, lead):
    return group_interview(project, lead)


def test_the_report_attributes_a_quote_to_the_speakers_sector(project, lead, group):
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES)
    quote = quote_add(
        theme=theme_create(project=project, by=lead, name="Working together", codes=[group.code]),
        coding=code_group_words(group, lead, "we refer people to the food bank every week"),
        by=lead,
        for_outputs=True,
    )
    areas = [
        priority_candidate_save(project=project, by=lead, title=title, themes=[quote.theme])
        for title in ("Early help", "Youth")
    ]
    priority_decision_record(project=project, by=lead, chosen=areas, rationale="Most cuts fell here")

    found = public_quotes(area=areas[0])[quote.theme_id]
    assert [spoken.quote for spoken in found] == [quote]
    quoted = [block for block in findings_blocks(project=project) if isinstance(block, QuoteBlock)]
    assert {block.attribution for block in quoted} == {Sector.PUBLIC_SECTOR.label}  # P08's, not P07's

    # when the colleague who said it withdraws, the report leaves it out, whatever P07 says
    consent_set(group.interviewee, lead, ConsentScope.ANONYMISED_QUOTES)
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES, kind=ConsentKind.WITHDRAWN)
    assert public_quotes(area=areas[0]) == {}
