from decimal import Decimal

import pytest

from coproduce.context.selectors.dossier import (
    area_value_list,
    budget_line_list,
    budget_totals_by_service,
    budget_totals_by_year,
    timeline_event_list,
)
from coproduce.context.tests.factories import (
    AreaDatasetFactory,
    AreaValueFactory,
    BudgetLineFactory,
    TimelineEventFactory,
)

pytestmark = pytest.mark.django_db


def test_budget_totals_by_year_sum_each_kind(project):
    # given savings, growth and a one-off sum in two years, and a line of another project
    BudgetLineFactory(project=project, financial_year="2024/25", amount=Decimal("100"))
    BudgetLineFactory(project=project, financial_year="2024/25", service="Parks", amount=Decimal("50"))
    BudgetLineFactory(project=project, financial_year="2024/25", kind="growth", amount=Decimal("20"))
    BudgetLineFactory(project=project, financial_year="2025/26", kind="one_off", amount=Decimal("7"))
    BudgetLineFactory(financial_year="2024/25", amount=Decimal("999"))
    # when the totals are read
    totals = budget_totals_by_year(project=project)
    # then each year sums its own lines by kind
    assert [(t.label, t.saving, t.growth, t.one_off, t.lines) for t in totals] == [
        ("2024/25", Decimal("150"), Decimal("20"), Decimal("0"), 3),
        ("2025/26", Decimal("0"), Decimal("0"), Decimal("7"), 1),
    ]


def test_budget_totals_by_service_put_biggest_savings_first(project):
    BudgetLineFactory(project=project, service="Libraries", amount=Decimal("10"))
    BudgetLineFactory(project=project, service="Parks", amount=Decimal("30"))
    BudgetLineFactory(project=project, service="Libraries", financial_year="2024/25", amount=Decimal("5"))
    totals = budget_totals_by_service(project=project)
    assert [(t.label, t.saving) for t in totals] == [("Parks", Decimal("30")), ("Libraries", Decimal("15"))]


def test_lists_are_scoped_and_ordered(project):
    later = TimelineEventFactory(project=project, happened_on="2025-01-02")
    earlier = TimelineEventFactory(project=project, happened_on="2024-01-02")
    TimelineEventFactory()
    BudgetLineFactory()
    assert list(timeline_event_list(project=project)) == [earlier, later]
    assert list(budget_line_list(project=project)) == []


def test_area_value_list_is_highest_first():
    dataset = AreaDatasetFactory()
    low = AreaValueFactory(dataset=dataset, value=Decimal("1"))
    high = AreaValueFactory(dataset=dataset, value=Decimal("9"))
    assert list(area_value_list(dataset=dataset)) == [high, low]
