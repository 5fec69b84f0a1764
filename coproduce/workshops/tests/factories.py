"""Fictional workshops for tests."""

import datetime

import factory
from django.utils import timezone

from coproduce.projects.tests.factories import ProjectFactory
from coproduce.workshops.models import (
    Activity,
    ActivityKind,
    ActivityState,
    Card,
    Participant,
    ParticipantSector,
    Statement,
    Workshop,
    WorkshopSeries,
    WorkshopStatus,
)


class WorkshopSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSeries

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Early help together {n}")


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    series = factory.SubFactory(WorkshopSeriesFactory)
    project = factory.SelfAttribute("series.project")
    title = factory.Sequence(lambda n: f"Workshop {n + 1}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    venue = "Brookvale Community Hall"
    status = WorkshopStatus.LIVE


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    workshop = factory.SubFactory(WorkshopFactory)
    kind = ActivityKind.IDEA_BOARD
    title = factory.Sequence(lambda n: f"Activity {n + 1}")
    prompt = "What could we do differently together?"
    state = ActivityState.OPEN
    order = factory.Sequence(lambda n: n)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    sector = ParticipantSector.VCFSE
    number = factory.Sequence(lambda n: n + 1)


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Card

    activity = factory.SubFactory(ActivityFactory)
    participant = factory.SubFactory(
        ParticipantFactory, workshop=factory.SelfAttribute("..activity.workshop")
    )
    column = "Cultural"
    text = factory.Sequence(lambda n: f"Share one referral form across services {n}")


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    activity = factory.SubFactory(ActivityFactory, kind=ActivityKind.STATEMENTS)
    number = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Funders should pool small grants {n}")
    is_seed = True
