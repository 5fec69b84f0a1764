import datetime
from decimal import Decimal

import pytest

from coproduce.context.budget_file import parse_budget_rows
from coproduce.context.models import AreaValue, BudgetLine
from coproduce.context.services.budget import budget_line_create, budget_line_update, budget_lines_import
from coproduce.context.services.datasets import area_dataset_create
from coproduce.context.services.timeline import timeline_event_create, timeline_event_update
from coproduce.context.spreadsheets import AreaRow
from coproduce.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SOURCE = {"source_title": "Northbridge Borough Council budget report"}


def _actions(project) -> list[str]:
    return list(AuditEvent.objects.filter(project_id=project.pk).values_list("action", flat=True))


def test_timeline_event_create_and_update_write_audit_rows(project, lead):
    event = timeline_event_create(
        project=project, by=lead, happened_on=datetime.date(2023, 9, 5), title="Spending freeze", **SOURCE
    )
    timeline_event_update(
        event=event, by=lead, happened_on=datetime.date(2023, 9, 6), title="Spending freeze", **SOURCE
    )
    assert "context.timeline_event.created" in _actions(project)
    row = AuditEvent.objects.get(action="context.timeline_event.updated")
    assert row.changes == {"fields": ["happened_on"]}


def test_budget_line_create_and_update_write_audit_rows(project, lead):
    values = {
        "financial_year": "2024/25",
        "service": "Libraries",
        "kind": "saving",
        "status": "proposed",
        **SOURCE,
    }
    line = budget_line_create(project=project, by=lead, amount=Decimal("2300000"), **values)
    budget_line_update(line=line, by=lead, amount=Decimal("2300000"), **{**values, "status": "agreed"})
    line.refresh_from_db()
    assert line.status == "agreed"
    assert AuditEvent.objects.get(action="context.budget_line.updated").changes == {"fields": ["status"]}
    assert "context.budget_line.created" in _actions(project)


def test_budget_lines_import_adds_every_row_with_one_audit_row(project, lead):
    text = "year,service,description,amount,kind,status,source\n"
    text += "2024/25,Libraries,,10,saving,agreed,Report\n2025/26,Parks,,20,growth,proposed,Report\n"
    result = budget_lines_import(
        project=project, by=lead, rows=parse_budget_rows(text), filename="budget.csv"
    )
    assert (result.added, result.already_there) == (2, 0)
    assert BudgetLine.objects.filter(project=project).count() == 2
    changes = AuditEvent.objects.get(action="context.budget_line.imported").changes
    assert changes == {"lines": 2, "already_there": 0}


def test_area_dataset_create_saves_values_and_audit(project, lead):
    rows = [AreaRow("North", "E1", Decimal("3")), AreaRow("South", "", Decimal("4.5"))]
    dataset = area_dataset_create(
        project=project, by=lead, title="Deprivation", area_type="ward", measure="Score", rows=rows, **SOURCE
    )
    assert AreaValue.objects.filter(dataset=dataset).count() == 2
    assert AuditEvent.objects.get(action="context.area_dataset.created").changes == {"areas": 2}
