"""A framework's evidence from interviews counts and names whoever said the words."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.analysis.tests.speaker_data import code_group_words, consent_set, group_interview
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.frameworks.models import EvidenceKind
from coproduce.frameworks.selectors.evidence import element_evidence
from coproduce.frameworks.selectors.strength import element_strengths
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.people.sectors import Sector

pytestmark = pytest.mark.django_db


def test_quoted_evidence_counts_and_names_the_speaker(project, lead):
    # given a quote of the clinic's P08, said in the food bank's P07's group interview
    group = group_interview(project, lead)
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES)
    theme = theme_create(project=project, by=lead, name="Working together", codes=[group.code])
    quote = quote_add(
        theme=theme,
        coding=code_group_words(group, lead, "we refer people to the food bank every week"),
        by=lead,
        for_outputs=True,
    )
    framework = framework_create(project=project, by=lead, title="Early help together")
    element = element_create(framework=framework, by=lead, title="Refer early", level="tactical")

    # when it is linked to an element
    evidence_link_add(element=element, by=lead, kind=EvidenceKind.QUOTE, target=quote)

    # then the element's evidence counts P08 and the public sector, not P07 and the VCFSE
    strength = element_strengths(elements=[element])[element.pk]
    assert (strength.people, strength.sectors) == ({"interview:P08"}, {Sector.PUBLIC_SECTOR})
    assert element_evidence(element=element)[0].detail.startswith(f"P08, {Sector.PUBLIC_SECTOR.label}")

    # and once P08 withdraws, the quote cannot be linked again, whatever P07 agreed to
    consent_set(group.interviewee, lead, ConsentScope.ANONYMISED_QUOTES)
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES, kind=ConsentKind.WITHDRAWN)
    other = element_create(framework=framework, by=lead, title="Share records", level="tactical")
    with pytest.raises(ValidationError, match="P08 has not consented"):
        evidence_link_add(element=other, by=lead, kind=EvidenceKind.QUOTE, target=quote)
