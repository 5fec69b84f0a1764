"""Budget lines: added one at a time or imported from a CSV file."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.context.budget_file import BudgetRow, name_key
from coproduce.context.models import BudgetLine
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


@dataclass(frozen=True)
class BudgetImport:
    added: int
    already_there: int  # lines of the file the dossier already had, left out so nothing counts twice


def _line_key(financial_year: str, service: str, description: str, amount: Decimal) -> tuple[str, ...]:
    return (financial_year, name_key(service), name_key(description), f"{amount:.2f}")


@transaction.atomic
def budget_lines_import(
    *, project: Project, by: User | None, rows: list[BudgetRow], filename: str
) -> BudgetImport:
    """Add every row of a checked file as a budget line. A service named as one the dossier has already,
    but in other capitals or spaces, takes the dossier's spelling; a line the dossier has already (same
    year, service, description and amount) is left out: importing a file again counts nothing twice."""
    existing = BudgetLine.objects.select_for_update().filter(project=project)
    spelling = {name_key(line.service): line.service for line in existing.order_by("created_at", "id")}
    have = {_line_key(ln.financial_year, ln.service, ln.description, ln.amount) for ln in existing}
    new = []
    for row in rows:
        key = _line_key(row.financial_year, row.service, row.description, row.amount)
        if key in have:
            continue
        have.add(key)
        service = spelling.setdefault(name_key(row.service), row.service)
        new.append(
            BudgetLine(
                project=project,
                financial_year=row.financial_year,
                service=service,
                description=row.description,
                amount=row.amount,
                kind=row.kind,
                status=row.status,
                source_title=row.source_title,
                source_url=row.source_url,
                source_note=f"Imported from {filename}"[:500],
                created_by=by,
            )
        )
    lines = BudgetLine.objects.bulk_create(new)
    audit_record(
        action="context.budget_line.imported",
        by=by,
        project_id=project.pk,
        object_repr=filename[:200],
        changes={"lines": len(lines), "already_there": len(rows) - len(lines)},
    )
    return BudgetImport(added=len(lines), already_there=len(rows) - len(lines))
