"""Timeline events, budget lines with their totals, and area datasets of a project."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from coproduce.context.models import AreaDataset, AreaValue, BudgetKind, BudgetLine, TimelineEvent
from coproduce.projects.models import Project

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


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
    def kind_sum(kind: str) -> Coalesce:
        return Coalesce(Sum("amount", filter=Q(kind=kind)), ZERO)

    rows = (
        BudgetLine.objects.filter(project=project)
        .values(field)
        .annotate(
            saving=kind_sum(BudgetKind.SAVING),
            growth=kind_sum(BudgetKind.GROWTH),
            one_off=kind_sum(BudgetKind.ONE_OFF),
            lines=Count("id"),
        )
        .order_by(field)
    )
    return [
        BudgetTotal(row[field], row["saving"], row["growth"], row["one_off"], row["lines"]) for row in rows
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
