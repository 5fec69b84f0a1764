"""The extraction table as an Excel workbook: one sheet of extracted data, one sheet per appraisal tool."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.core.spreadsheets import XLSX, Cell, Table, xlsx_bytes
from coproduce.projects.models import Project

from .models import Appraisal, ExtractionForm
from .selectors.records import AppraisalSummary, QueueRow, extraction_queue
from .tools import TOOLS, Tool

RECORD_HEADINGS = ["record", "title", "authors", "year", "source type", "publisher", "doi", "url"]


def _answer_text(value: object) -> Cell:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value if isinstance(value, int | float) else ("" if value is None else str(value))


def _record_cells(row: QueueRow) -> list[Cell]:
    ref = row.reference
    authors = "; ".join(str(a) for a in ref.authors)
    return [
        ref.pk, ref.title, authors, ref.year, ref.get_source_type_display(), ref.publisher, ref.doi, ref.url
    ]  # fmt: skip


def _appraisal_text(summary: AppraisalSummary) -> str:
    judgement = summary.appraisal.get_quality_display().lower()
    return f"{summary.label}, judged {judgement}" if judgement else summary.label


def extraction_rows(form: ExtractionForm, rows: list[QueueRow]) -> tuple[list[str], list[list[Cell]]]:
    fields = list(form.fields.all())
    headings = [
        *RECORD_HEADINGS, *(f.key for f in fields),
        "status", "case study", "case study title", "case study summary", "appraisal",
    ]  # fmt: skip
    table = []
    for row in rows:
        extraction = row.extraction
        values = extraction.values if extraction else {}
        table.append([
            *_record_cells(row),
            *(_answer_text(values.get(f.key)) for f in fields),
            extraction.get_status_display() if extraction else "Not started",
            "yes" if extraction and extraction.is_case_study else "no",
            extraction.case_title if extraction else "",
            extraction.case_summary if extraction else "",
            "; ".join(_appraisal_text(s) for s in row.appraisals),
        ])  # fmt: skip
    return headings, table


def appraisal_rows(tool: Tool, rows: list[QueueRow]) -> tuple[list[str], list[list[Cell]]]:
    questions = list(tool.questions) + [q for _, _, qs in tool.variants for q in qs]
    headings = [*RECORD_HEADINGS[:2], "study kind", *(q.key for q in questions), "judgement", "summary"]
    table = []
    for row in rows:
        for summary in row.appraisals:
            appraisal: Appraisal = summary.appraisal
            if appraisal.tool != tool.key:
                continue
            table.append([
                row.reference.pk, row.reference.title, tool.variant_label(appraisal.variant),
                *(appraisal.answers.get(q.key, "") for q in questions),
                appraisal.get_quality_display(), appraisal.summary,
            ])  # fmt: skip
    return headings, table


@transaction.atomic
def extraction_export(*, project: Project, form: ExtractionForm, by: User) -> Download:
    """Every included record's extracted data for `form`, and every appraisal, as one XLSX workbook."""
    rows = extraction_queue(project=project, form=form)
    tables = [Table("Extraction", *extraction_rows(form, rows))]
    for tool in TOOLS.values():
        headings, table = appraisal_rows(tool, rows)
        if table:
            tables.append(Table(tool.key.upper().replace("_", " "), headings, table))
    content = xlsx_bytes(tables)
    audit_record(
        action="extraction.table.exported", by=by, obj=form, project_id=project.pk,
        changes={"records": len(rows), "format": "xlsx"},
    )  # fmt: skip
    stem = slugify(form.name)[:50] or "extraction"
    return Download(
        filename=f"{slugify(project.title)[:40] or 'project'}-{stem}-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type=XLSX,
        content=content,
    )
