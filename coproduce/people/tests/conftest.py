import pytest

from coproduce.people import services
from coproduce.people.tests.factories import OrganisationFactory


@pytest.fixture
def organisation(project):
    return OrganisationFactory(project=project, name="Brookvale Food Bank")


@pytest.fixture
def person(project, lead, organisation):
    """A person added the real way (code, first recruitment event), by the project lead."""
    return services.stakeholder_create(
        project=project,
        by=lead,
        full_name="Ffion Quillfeather",
        job_title="Volunteer coordinator",
        organisation=organisation,
        email="ffion.quillfeather@example.org",
        phone="0121 496 0123",
        interests=["Food poverty", "Youth work"],
    )
