"""One participant of a focus group withdraws: only their words stop being quoted, in the theme's quotes and
so in reports and the public page; the others' words stay usable. As for an interview with one person,
withdrawal erases nothing, redacts nothing and removes no coding."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.analysis.models import Coding
from coproduce.analysis.selectors.quotes import quotes_for_outputs
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.consent.models import ConsentMethod, ConsentScope
from coproduce.consent.registry import personal_data_sources
from coproduce.consent.services.events import consent_withdraw_all
from coproduce.interviews.services.interviews import focus_group_create
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.interviews.tests.test_focus_groups import FOCUS_GROUP
from coproduce.people.models import RecruitmentStatus
from coproduce.people.tests.factories import StakeholderFactory

from .speaker_data import consent_set

pytestmark = pytest.mark.django_db

WORDS = {
    "P07": "We run the food bank",
    "P08": "we refer people to the food bank every week",
    "P09": "we hear about families only when it is too late",
}


def _coded_focus_group(project, lead):
    """A focus group of three who consented to take part and to be quoted, its transcript coded."""
    people = {
        code: StakeholderFactory(project=project, code=code, full_name=name)
        for code, name in (("P07", "Ffion Quillfeather"), ("P08", "Olu Adeyemi"), ("P09", "Rhiannon Tull"))
    }
    for person in people.values():
        for scope in (ConsentScope.INTERVIEW, ConsentScope.ANONYMISED_QUOTES):
            consent_set(person, lead, scope)
    group = focus_group_create(
        project=project, by=lead, participants=list(people.values()), scheduled_for=timezone.now()
    )
    transcript = transcript_import(interview=group, by=lead, data=FOCUS_GROUP.encode(), filename="g.txt")
    transcript.redaction_done_at = timezone.now()
    transcript.save()
    code = code_create(project=project, by=lead, name="Referrals")
    codings = {}
    for who, words in WORDS.items():
        start = transcript.text.index(words)
        codings[who] = coding_create(
            transcript=transcript, code=code, by=lead, start=start, end=start + len(words)
        )
    theme = theme_create(project=project, by=lead, name="Working together", codes=[code])
    for who in ("P07", "P08"):
        quote_add(theme=theme, coding=codings[who], by=lead, for_outputs=True)
    return people, transcript, codings, theme


def test_one_participant_withdrawing_stops_only_their_quotes(project, lead):
    # given a focus group of three who consented to take part and to be quoted, its transcript coded
    people, transcript, codings, theme = _coded_focus_group(project, lead)
    text_before = transcript.text

    # when P08 asks us to stop using their data
    consent_withdraw_all(stakeholder=people["P08"], by=lead, method=ConsentMethod.VERBAL)

    # then their quote leaves the outputs, and P07's stays
    assert [quote.coding.snippet for quote in quotes_for_outputs(theme=theme)] == [WORDS["P07"]]
    # and their words cannot be chosen for outputs again, while P09's can
    with pytest.raises(ValidationError, match="P08 has not consented to anonymised quotes"):
        quote_add(theme=theme, coding=codings["P08"], by=lead, for_outputs=True)
    quote_add(theme=theme, coding=codings["P09"], by=lead, for_outputs=True)
    assert {q.coding.snippet for q in quotes_for_outputs(theme=theme)} == {WORDS["P07"], WORDS["P09"]}
    # and, as for one person's interview, nothing is erased, redacted or uncoded
    transcript.refresh_from_db()
    assert transcript.text == text_before and Coding.objects.count() == 3
    people["P08"].refresh_from_db()
    assert people["P08"].recruitment_status == RecruitmentStatus.WITHDRAWN


def test_the_person_a_focus_group_is_filed_under_gets_none_of_the_others_coded_words(project, lead):
    people, _transcript, _codings, _theme = _coded_focus_group(project, lead)
    source = next(s for s in personal_data_sources() if s.key == "analysis")

    exported = repr(source.export(people["P07"]))

    assert WORDS["P08"] not in exported and WORDS["P09"] not in exported
