import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.analysis.selectors.priorities import priority_decision_latest, priority_table
from coproduce.analysis.selectors.quotes import quotes_for_outputs
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.priorities import (
    priority_candidate_save,
    priority_criteria_default,
    priority_decision_record,
    priority_score_set,
)
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.interviews.models import Interview, Transcript
from coproduce.people.models import Interest
from coproduce.people.tests.factories import StakeholderFactory

TEXT = "Trust came from working side by side with the council's early help team."


@pytest.fixture
def coded(project, lead):
    person = StakeholderFactory(project=project, code="P04")
    interview = Interview.objects.create(project=project, stakeholder=person, scheduled_for=timezone.now())
    transcript = Transcript.objects.create(
        interview=interview,
        filename="p04.txt",
        format="txt",
        text=TEXT,
        original_text=TEXT,
        redaction_done_at=timezone.now(),
    )
    trust = code_create(project=project, by=lead, name="Trust", level="cultural")
    coding = coding_create(transcript=transcript, code=trust, by=lead, start=0, end=len(TEXT))
    return person, trust, coding


def test_quotes_for_outputs_need_consent_to_be_quoted(project, lead, coded):
    person, trust, coding = coded
    theme = theme_create(project=project, by=lead, name="Relationships first", codes=[trust])

    with pytest.raises(ValidationError, match="P04 has not consented"):
        quote_add(theme=theme, coding=coding, by=lead, for_outputs=True)
    quote_add(theme=theme, coding=coding, by=lead)
    consent_record(
        stakeholder=person,
        form=None,
        scopes=[ConsentScope.ANONYMISED_QUOTES],
        kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER,
        by=lead,
    )
    quote_add(theme=theme, coding=coding, by=lead, for_outputs=True)
    assert len(quotes_for_outputs(theme=theme)) == 1

    consent_record(
        stakeholder=person,
        form=None,
        scopes=[ConsentScope.ANONYMISED_QUOTES],
        kind=ConsentKind.WITHDRAWN,
        method=ConsentMethod.PAPER,
        by=lead,
    )
    assert quotes_for_outputs(theme=theme) == []  # withdrawal takes effect at once


def test_priority_table_weights_scores_and_counts_voices(project, lead, member, coded):
    person, trust, _ = coded
    interest = Interest.objects.create(project=project, name="Early help")
    person.interests.add(interest)
    theme = theme_create(project=project, by=lead, name="Relationships first", codes=[trust])
    criteria = priority_criteria_default(project=project, by=lead)
    early = priority_candidate_save(
        project=project, by=lead, title="Early help", themes=[theme], interests=[interest]
    )
    libraries = priority_candidate_save(project=project, by=lead, title="Libraries as hubs")
    priority_score_set(candidate=early, criterion=criteria[0], by=lead, score=5)  # weight 3
    priority_score_set(candidate=early, criterion=criteria[4], by=lead, score=2)  # weight 1
    priority_score_set(candidate=libraries, criterion=criteria[0], by=lead, score=1)

    _, rows = priority_table(project=project)

    assert [row.candidate for row in rows] == [early, libraries]
    assert rows[0].weighted == pytest.approx((3 * 5 + 1 * 2) / 4)
    assert (rows[0].people, rows[0].sectors) == (1, 1)
    assert rows[0].interested == [person]


def test_decision_needs_two_areas_and_a_rationale(project, lead):
    a = priority_candidate_save(project=project, by=lead, title="Early help")
    b = priority_candidate_save(project=project, by=lead, title="Youth services")

    with pytest.raises(ValidationError):
        priority_decision_record(project=project, by=lead, chosen=[a], rationale="Because")
    with pytest.raises(ValidationError):
        priority_decision_record(project=project, by=lead, chosen=[a, b], rationale="  ")
    priority_decision_record(project=project, by=lead, chosen=[a, b], rationale="Most raised, most severe.")

    decision = priority_decision_latest(project=project)
    assert decision is not None and set(decision.chosen.all()) == {a, b}
