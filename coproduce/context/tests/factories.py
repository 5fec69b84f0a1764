"""Fictional timeline events, budget lines and area datasets for tests."""

import datetime
from decimal import Decimal

import factory

from coproduce.context.models import (
    AreaDataset,
    AreaValue,
    BudgetKind,
    BudgetLine,
    BudgetStatus,
    TimelineEvent,
)
from coproduce.projects.tests.factories import ProjectFactory


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    project = factory.SubFactory(ProjectFactory)
    happened_on = datetime.date(2025, 2, 11)
    title = "Cabinet agrees the 2025/26 budget"
    source_title = "Northbridge Borough Council cabinet minutes"


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    financial_year = "2025/26"
    service = "Libraries"
    description = "Close two branch libraries"
    amount = Decimal("1200000.00")
    kind = BudgetKind.SAVING
    status = BudgetStatus.PROPOSED
    source_title = "Northbridge Borough Council budget report"


class AreaDatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaDataset

    project = factory.SubFactory(ProjectFactory)
    title = "Deprivation by ward"
    area_type = "ward"
    measure = "Average deprivation score"
    source_title = "Fictional statistics office"


class AreaValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaValue

    dataset = factory.SubFactory(AreaDatasetFactory)
    area_name = factory.Sequence(lambda n: f"Ward {n}")
    value = Decimal("12.5")
