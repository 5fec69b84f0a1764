"""Consent forms, events and personal links for tests (fictional people only)."""

import datetime as dt

import factory
from django.utils import timezone

from coproduce.consent.models import (
    ConsentEvent,
    ConsentForm,
    ConsentKind,
    ConsentMethod,
    ConsentScope,
    ConsentStatement,
    PersonalLink,
)
from coproduce.consent.selectors import consent_status
from coproduce.consent.statements import DEFAULT_STATEMENTS
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.tests.factories import ProjectFactory


class ConsentFormFactory(factory.django.DjangoModelFactory):
    """A published form with every scope; `statements=[...]` limits them; `published_at=None`: a draft."""

    class Meta:
        model = ConsentForm
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    version = factory.Sequence(lambda n: n + 1)
    title = "Consent to take part"
    information_sheet = "What is this research about?\nHow sectors in Brookvale work together."
    team_contact = "research-team@example.org"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def statements(obj, create, extracted, **kwargs):
        if not create:
            return
        scopes = ConsentScope.values if extracted is None else extracted
        for order, scope in enumerate(scopes):
            ConsentStatement.objects.create(
                form=obj, scope=scope, text=DEFAULT_STATEMENTS[scope], order=order
            )


class ConsentEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentEvent

    stakeholder = factory.SubFactory(StakeholderFactory)
    form = None
    scope = ConsentScope.INTERVIEW
    kind = ConsentKind.GIVEN
    method = ConsentMethod.PAPER


class PersonalLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalLink

    stakeholder = factory.SubFactory(StakeholderFactory)
    form = factory.SubFactory(ConsentFormFactory, project=factory.SelfAttribute("..stakeholder.project"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


def current_kinds(stakeholder) -> dict[str, str | None]:
    """Scope -> the kind of the latest event (None when nothing was recorded), for assertions."""
    return {
        scope: event.kind if event else None
        for scope, event in consent_status(stakeholder=stakeholder).items()
    }
