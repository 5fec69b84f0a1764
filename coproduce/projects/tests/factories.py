import datetime as dt

from django.utils import timezone
from factory.declarations import LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory

from coproduce.accounts.tests.factories import UserFactory
from coproduce.projects.models import Invitation, Membership, PhaseKind, Project, ProjectPhase
from coproduce.projects.permissions import ProjectRole


class ProjectFactory(DjangoModelFactory[Project]):
    class Meta:
        model = Project

    title = Sequence(lambda n: f"Working together {n}")
    summary = "How can sectors work together when services are cut?"
    place = "Birmingham"
    research_questions = LazyFunction(lambda: ["What works across sectors?"])
    retention_until = LazyFunction(lambda: dt.date.today() + dt.timedelta(days=365))


class ProjectPhaseFactory(DjangoModelFactory[ProjectPhase]):
    class Meta:
        model = ProjectPhase

    project = SubFactory(ProjectFactory)
    kind = PhaseKind.EVIDENCE
    order = 1


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    project = SubFactory(ProjectFactory)
    user = SubFactory(UserFactory)
    role = ProjectRole.LEAD


class InvitationFactory(DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    project = SubFactory(ProjectFactory)
    email = Sequence(lambda n: f"invitee{n}@example.org")
    role = ProjectRole.RESEARCHER
    invited_by = SubFactory(UserFactory)
    expires_at = LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
