"""Frameworks: elements on three levels, evidence links, the strength of their evidence, the diagram."""

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.analysis.tests.test_codings import make_transcript
from coproduce.core.models import AuditEvent
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.models import ElementKind, EvidenceKind
from coproduce.frameworks.selectors.frameworks import framework_svg, framework_view
from coproduce.frameworks.selectors.strength import element_strengths
from coproduce.frameworks.services.evidence import evidence_link_add, evidence_link_remove
from coproduce.frameworks.services.frameworks import (
    element_create,
    element_delete,
    element_move,
    element_update,
    framework_create,
)
from coproduce.people.sectors import Sector
from coproduce.projects.tests.factories import ProjectFactory
from coproduce.workshops.models import ParticipantSector, StatementVote
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    CardFactory,
    ParticipantFactory,
    StatementFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def framework(project, lead):
    return framework_create(project=project, by=lead, title="Early help: working together")


def test_element_create_orders_and_audits(framework, lead):
    first = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    second = element_create(
        framework=framework, by=lead, title="Pooled budget", level="strategic", kind=ElementKind.COMMITMENT,
        sectors=[Sector.FUNDER, Sector.LOCAL_AUTHORITY],
    )  # fmt: skip

    assert (first.order, second.order) == (1, 2)
    assert second.sectors == [Sector.LOCAL_AUTHORITY, Sector.FUNDER]  # in the taxonomy's order
    assert AuditEvent.objects.filter(action="frameworks.element.created").count() == 2


def test_element_titles_are_unique_within_a_framework(framework, lead):
    element_create(framework=framework, by=lead, title="Trust first", level="cultural")

    with pytest.raises(ValidationError, match="already has an element"):
        element_create(framework=framework, by=lead, title="trust FIRST", level="tactical")


def test_element_refuses_an_unknown_sector(framework, lead):
    with pytest.raises(ValidationError):
        element_create(framework=framework, by=lead, title="X", level="cultural", sectors=["aliens"])


def test_element_update_move_and_delete(framework, lead):
    a = element_create(framework=framework, by=lead, title="A", level="cultural")
    b = element_create(framework=framework, by=lead, title="B", level="cultural")

    element_move(element=b, by=lead, step=-1)
    element_update(
        element=a, by=lead, title="A2", level="tactical", kind="enabler", narrative="n", sectors=[]
    )
    a.refresh_from_db()
    b.refresh_from_db()

    assert (b.order, a.order, a.title, a.level) == (1, 2, "A2", "tactical")
    element_delete(element=a, by=lead)
    assert list(framework.elements.values_list("title", flat=True)) == ["B"]


def _people_evidence(project, lead):
    """A quote from P07 (VCFSE) consented for outputs, and a statement voted on by three sectors."""
    transcript = make_transcript(project)
    code = code_create(project=project, by=lead, name="Trust")
    start = transcript.text.index("Brookvale")
    coding = coding_create(transcript=transcript, code=code, by=lead, start=start, end=start + 20)
    theme = theme_create(project=project, by=lead, name="Relationships", codes=[code])
    quote = quote_add(theme=theme, coding=coding, by=lead)
    workshop = WorkshopFactory(series__project=project)
    statement = StatementFactory(activity=ActivityFactory(workshop=workshop, kind="statements"))
    for sector in (ParticipantSector.LOCAL_AUTHORITY, ParticipantSector.FUNDER, ParticipantSector.PREFER_NOT):
        StatementVote.objects.create(
            statement=statement, participant=ParticipantFactory(workshop=workshop, sector=sector), value=1
        )
    return code, theme, quote, statement


def test_strength_counts_sources_people_and_sectors(project, framework, lead):
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    _code, theme, _quote, statement = _people_evidence(project, lead)
    record = ReferenceFactory(project=project)

    assert element_strengths(elements=[element])[element.pk].rating == "No evidence"
    evidence_link_add(element=element, by=lead, kind=EvidenceKind.REFERENCE, target=record)
    evidence_link_add(element=element, by=lead, kind=EvidenceKind.THEME, target=theme)
    evidence_link_add(element=element, by=lead, kind=EvidenceKind.STATEMENT, target=statement)
    strength = element_strengths(elements=[element])[element.pk]

    assert strength.sources == {record.pk}
    assert len(strength.people) == 4  # P07 through the theme's code, and three voters
    # P07's organisation is VCFSE; "prefer not to say" adds a person but no sector.
    assert strength.sectors == {Sector.VCFSE, Sector.LOCAL_AUTHORITY, Sector.FUNDER}
    assert strength.rating == "Strong"
    assert strength.summary == "1 source, 4 people, 3 sectors"


def test_strength_counts_only_those_who_agreed_with_a_statement(project, framework, lead):
    # Given a statement agreed by a funder, disagreed by a local authority and passed by a private company
    element = element_create(framework=framework, by=lead, title="Pooled budgets", level="strategic")
    workshop = WorkshopFactory(project=project)
    statement = StatementFactory(activity=ActivityFactory(workshop=workshop, kind="statements"))
    votes = {ParticipantSector.FUNDER: 1, ParticipantSector.LOCAL_AUTHORITY: -1, ParticipantSector.PRIVATE: 0}
    for sector, value in votes.items():
        participant = ParticipantFactory(workshop=workshop, sector=sector)
        StatementVote.objects.create(statement=statement, participant=participant, value=value)
    # When the statement is evidence for an element
    evidence_link_add(element=element, by=lead, kind=EvidenceKind.STATEMENT, target=statement)
    strength = element_strengths(elements=[element])[element.pk]
    # Then only the person who agreed counts: disagreeing or passing is not evidence for it
    assert strength.summary == "0 sources, 1 person, 1 sector"
    assert strength.sectors == {Sector.FUNDER}
    assert strength.rating == "Limited"


def test_evidence_from_another_project_is_refused(framework, lead):
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")

    with pytest.raises(ValidationError, match="another project"):
        evidence_link_add(
            element=element,
            by=lead,
            kind=EvidenceKind.REFERENCE,
            target=ReferenceFactory(project=ProjectFactory()),
        )


def test_unconsented_quotes_and_hidden_cards_cannot_be_linked(project, framework, lead):
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    _code, _theme, quote, _statement = _people_evidence(project, lead)
    card = CardFactory(activity__workshop__series__project=project, hidden=True)

    with pytest.raises(ValidationError, match="not consented"):
        evidence_link_add(element=element, by=lead, kind=EvidenceKind.QUOTE, target=quote)
    with pytest.raises(ValidationError, match="hidden"):
        evidence_link_add(element=element, by=lead, kind=EvidenceKind.CARD, target=card)


def test_linking_twice_is_refused_and_unlinking_audits(project, framework, lead):
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    record = ReferenceFactory(project=project)
    link = evidence_link_add(element=element, by=lead, kind=EvidenceKind.REFERENCE, target=record)

    with pytest.raises(ValidationError, match="already linked"):
        evidence_link_add(element=element, by=lead, kind=EvidenceKind.REFERENCE, target=record)
    evidence_link_remove(link=link, by=lead)
    assert not element.links.exists()
    assert AuditEvent.objects.filter(action="frameworks.evidence.unlinked").exists()


def test_diagram_svg_has_titles_descriptions_and_sector_badges(framework, lead):
    element_create(
        framework=framework, by=lead, title="Trust first", level="cultural", sectors=[Sector.VCFSE]
    )
    element_create(framework=framework, by=lead, title="A pooled fund", level="strategic", kind="commitment")

    svg = etree.fromstring(framework_svg(view=framework_view(framework=framework)).encode())

    assert svg.get("role") == "img"
    assert svg.findtext(f"{SVG}title") == "Early help: working together"
    assert "three levels" in svg.findtext(f"{SVG}desc", "")
    titles = [t.text or "" for t in svg.iter(f"{SVG}title")]
    assert any(t.startswith("Trust first. Practice at the cultural level.") for t in titles)
    assert "VCFSE (voluntary, community, faith, social enterprise): involved" in titles
    assert "Funder: not involved" in titles
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.count("⚠ No evidence linked") == 2
    assert "No elements at this level yet" in texts  # the tactical band is empty


def test_interactive_diagram_links_each_element(framework, lead):
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")

    svg = framework_svg(view=framework_view(framework=framework), interactive=True)

    assert f'href="#element-{element.public_id}"' in svg
