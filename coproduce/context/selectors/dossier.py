"""Timeline events, budget lines with their totals, and area datasets of a project."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from coproduce.context.budget_file import name_key, name_tidy
from coproduce.context.models import (
    AreaBoundary,
    AreaDataset,
    AreaValue,
    BudgetKind,
    BudgetLine,
    TimelineEvent,
)
from coproduce.projects.models import Project


@dataclass(frozen=True)
class BudgetTotal:
    """The sums of one year's (or one service's) budget lines, by kind."""

    label: str
    saving: Decimal
    growth: Decimal
    one_off: Decimal
    lines: int


def timeline_event_list(*, project: Project) -> QuerySet[TimelineEvent]:
    return TimelineEvent.objects.filter(project=project).order_by("happened_on", "created_at")


def timeline_event_get(*, project: Project, public_id: uuid.UUID | str) -> TimelineEvent:
    return get_object_or_404(TimelineEvent, project=project, public_id=public_id)


def budget_line_list(*, project: Project) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(project=project).order_by("financial_year", "service", "created_at")


def budget_line_get(*, project: Project, public_id: uuid.UUID | str) -> BudgetLine:
    return get_object_or_404(BudgetLine, project=project, public_id=public_id)


def budget_totals_by_year(*, project: Project) -> list[BudgetTotal]:
    """One total per financial year, oldest first."""
    return _totals(project=project, field="financial_year")


def budget_totals_by_service(*, project: Project) -> list[BudgetTotal]:
    """One total per service area, biggest savings first."""
    totals = _totals(project=project, field="service")
    return sorted(totals, key=lambda total: (-total.saving, total.label))


def _totals(*, project: Project, field: str) -> list[BudgetTotal]:
    """Sums by `field`; names that differ only in capitals or spaces ("City Operations", "city operations ")
    are one row, under the spelling used first."""
    sums: dict[str, dict[str, Decimal]] = {}
    labels: dict[str, str] = {}
    counts: dict[str, int] = {}
    lines = BudgetLine.objects.filter(project=project).order_by("created_at", "id")
    for label, kind, amount in lines.values_list(field, "kind", "amount"):
        key = name_key(label)
        labels.setdefault(key, name_tidy(label))
        by_kind = sums.setdefault(key, dict.fromkeys(BudgetKind.values, Decimal(0)))
        by_kind[kind] += amount
        counts[key] = counts.get(key, 0) + 1
    return [
        BudgetTotal(labels[key], by_kind["saving"], by_kind["growth"], by_kind["one_off"], counts[key])
        for key, by_kind in sorted(sums.items(), key=lambda item: labels[item[0]])
    ]


def area_dataset_list(*, project: Project) -> QuerySet[AreaDataset]:
    return (
        AreaDataset.objects.filter(project=project)
        .annotate(area_count=Count("values"))
        .order_by("-created_at")
    )


def area_dataset_get(*, project: Project, public_id: uuid.UUID | str) -> AreaDataset:
    return get_object_or_404(AreaDataset, project=project, public_id=public_id)


def area_value_list(*, dataset: AreaDataset) -> QuerySet[AreaValue]:
    """Highest value first."""
    return AreaValue.objects.filter(dataset=dataset).order_by("-value", "area_name")


def area_boundary_list(*, project: Project) -> QuerySet[AreaBoundary]:
    """The outlines the project's maps are drawn with."""
    return AreaBoundary.objects.filter(project=project).order_by("area_name")
