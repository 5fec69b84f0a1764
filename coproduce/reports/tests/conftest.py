import pytest

from coproduce.evidence.models import Decision
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.models import Element
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create


@pytest.fixture
def supported_element(project, lead) -> Element:
    """ "Trust first" in the framework "Early help together", linked to an included record."""
    record = ReferenceFactory(project=project)
    reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)
    framework = framework_create(project=project, by=lead, title="Early help together")
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    evidence_link_add(element=element, by=lead, kind="reference", target=record)
    return element
