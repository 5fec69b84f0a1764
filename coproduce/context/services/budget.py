"""Budget lines: added one at a time or imported from a CSV file."""

from decimal import Decimal

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.context.models import BudgetLine
from coproduce.context.spreadsheets import BudgetRow
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project


@transaction.atomic
def budget_line_create(
    *,
    project: Project,
    by: User | None,
    financial_year: str,
    service: str,
    amount: Decimal,
    kind: str,
    status: str,
    source_title: str,
    description: str = "",
    source_url: str = "",
    source_note: str = "",
) -> BudgetLine:
    line = BudgetLine.objects.create(
        project=project,
        financial_year=financial_year,
        service=service,
        description=description,
        amount=amount,
        kind=kind,
        status=status,
        source_title=source_title,
        source_url=source_url,
        source_note=source_note,
        created_by=by,
    )
    audit_record(action="context.budget_line.created", by=by, obj=line, project_id=project.pk)
    return line


@transaction.atomic
def budget_line_update(
    *,
    line: BudgetLine,
    by: User,
    financial_year: str,
    service: str,
    amount: Decimal,
    kind: str,
    status: str,
    source_title: str,
    description: str = "",
    source_url: str = "",
    source_note: str = "",
    version: str | None = None,
) -> BudgetLine:
    values: dict[str, object] = {
        "financial_year": financial_year,
        "service": service,
        "description": description,
        "amount": amount,
        "kind": kind,
        "status": status,
        "source_title": source_title,
        "source_url": source_url,
        "source_note": source_note,
    }
    changed = fields_assign(line, values, version=version)
    line.save()
    audit_record(
        action="context.budget_line.updated",
        by=by,
        obj=line,
        project_id=line.project_id,
        changes={"fields": changed},
    )
    return line


@transaction.atomic
def budget_lines_import(*, project: Project, by: User | None, rows: list[BudgetRow], filename: str) -> int:
    """Add every row of a checked file as a budget line; returns how many were added."""
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(
            project=project,
            financial_year=row.financial_year,
            service=row.service,
            description=row.description,
            amount=row.amount,
            kind=row.kind,
            status=row.status,
            source_title=row.source_title,
            source_note=f"Imported from {filename}"[:500],
            created_by=by,
        )
        for row in rows
    )
    audit_record(
        action="context.budget_line.imported",
        by=by,
        project_id=project.pk,
        object_repr=filename[:200],
        changes={"lines": len(lines)},
    )
    return len(lines)
