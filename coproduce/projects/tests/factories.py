import datetime as dt

import factory

from coproduce.accounts.tests.factories import UserFactory
from coproduce.projects.models import Membership, PhaseKind, Project, ProjectPhase
from coproduce.projects.permissions import ProjectRole


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Working together {n}")
    summary = "How can sectors work together when services are cut?"
    place = "Birmingham"
    research_questions = factory.LazyFunction(lambda: ["What works across sectors?"])
    retention_until = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=365))


class ProjectPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPhase

    project = factory.SubFactory(ProjectFactory)
    kind = PhaseKind.EVIDENCE
    order = 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = ProjectRole.LEAD
