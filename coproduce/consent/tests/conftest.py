import pytest

from coproduce.consent.tests.factories import ConsentFormFactory
from coproduce.people import services as people_services
from coproduce.people.tests.factories import OrganisationFactory


@pytest.fixture
def consent_form(project):
    """The project's current (published) consent form, asking about every scope."""
    return ConsentFormFactory(project=project)


@pytest.fixture
def person(project, lead):
    """A person added the real way (code, first recruitment event, audit row)."""
    return people_services.stakeholder_create(
        project=project,
        by=lead,
        full_name="Ffion Quillfeather",
        job_title="Volunteer coordinator",
        organisation=OrganisationFactory(project=project, name="Brookvale Food Bank"),
        email="ffion.quillfeather@example.org",
        phone="0121 496 0123",
        interests=["Food poverty"],
    )
