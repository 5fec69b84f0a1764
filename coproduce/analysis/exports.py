"""Downloads of coded segments and of the matrices as CSV or Excel (XLSX), each recorded in the audit trail.

Files are written by `coproduce.core.spreadsheets`, so a code or a quote starting with "=" is never run as a
formula, in a heading or in a cell.
People appear by pseudonymous code and sector only.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.core.spreadsheets import CONTENT_TYPES, Cell, Table, table_bytes
from coproduce.projects.models import Project

from .selectors.matrices import CodeSectorMatrix, Cooccurrence
from .selectors.retrieval import Segment

SEGMENT_HEADINGS = [
    "code", "level of working", "person", "sector", "organisation type", "ward", "speaker", "coder",
    "words before", "coded words", "words after", "interview",
]  # fmt: skip


def segments_table(*, segments: list[Segment], paths: dict[int, str]) -> Table:
    rows: list[list[Cell]] = [
        [
            paths.get(s.code.pk, s.code.name),
            s.level,
            s.person,
            s.sector,
            s.organisation_type,
            s.ward,
            s.role,
            s.coder,
            s.before.strip(),
            s.text,
            s.after.strip(),
            s.interview_id,
        ]
        for s in segments
    ]
    return Table(title="Coded segments", headings=SEGMENT_HEADINGS, rows=rows)


def code_sector_table(*, matrix: CodeSectorMatrix) -> Table:
    """One row per code: segments and people in each sector, then in all sectors."""
    headings = ["code", "level of working"]
    for _, label in matrix.columns:
        headings += [f"{label}: segments", f"{label}: people"]
    headings += ["all sectors: segments", "all sectors: people"]
    rows: list[list[Cell]] = []
    for row in matrix.rows:
        cells: list[Cell] = [row.item.path, row.item.code.get_level_display() if row.item.code.level else ""]
        for cell in row.cells:
            cells += [cell.segments, cell.people]
        rows.append([*cells, row.segments, row.people])
    return Table(title="Codes by sector", headings=headings, rows=rows)


def cooccurrence_table(*, matrix: Cooccurrence) -> Table:
    headings = ["code", *(item.path for item in matrix.codes)]
    rows: list[list[Cell]] = [[row.item.path, *(cell.count for cell in row.cells)] for row in matrix.rows]
    return Table(title="Code co-occurrence", headings=headings, rows=rows)


def _download(*, project: Project, table: Table, file_format: str) -> Download:
    content = table_bytes(table, file_format=file_format)
    day = timezone.localdate()
    stem = slugify(table.title)
    filename = f"{slugify(project.title)[:50] or 'project'}-{stem}-{day:%Y-%m-%d}.{file_format}"
    return Download(filename=filename, content_type=CONTENT_TYPES[file_format], content=content)


@transaction.atomic
def table_export(*, project: Project, by: User, table: Table, what: str, file_format: str) -> Download:
    """`table` as a CSV or XLSX file; the download is recorded in the audit trail (without its content).

    `what` names it in the trail: "segments" or "matrix"."""
    download = _download(project=project, table=table, file_format=file_format)
    audit_record(
        action=f"analysis.{what}.exported",
        by=by,
        project_id=project.pk,
        object_repr=f"Download of {table.title.lower()}",
        changes={"rows": len(table.rows), "format": file_format},
    )
    return download
