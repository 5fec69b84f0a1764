"""Fictional organisations and people for tests."""

import factory

from coproduce.people.models import Organisation, Stakeholder
from coproduce.people.sectors import Sector, Subsector
from coproduce.projects.tests.factories import ProjectFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Brookvale Community Trust {n}")
    sector = Sector.VCFSE
    subsector = Subsector.COMMUNITY
    ward = "Brookvale"


class StakeholderFactory(factory.django.DjangoModelFactory):
    """A person made directly (no recruitment event); use services.stakeholder_create for the real path."""

    class Meta:
        model = Stakeholder
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"P{n + 500}")
    full_name = factory.Sequence(lambda n: f"Ffion Quillfeather{n}")
    job_title = "Community development worker"
    organisation = factory.SubFactory(OrganisationFactory, project=factory.SelfAttribute("..project"))
    email = factory.Sequence(lambda n: f"ffion.quillfeather{n}@example.org")
    phone = "0121 496 0000"

    @factory.post_generation
    def interests(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.interests.set(extracted)
