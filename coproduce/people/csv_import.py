"""Import organisations or people from a CSV file: check every row first, then write all or nothing.

Each row goes through the same form as the pages that add one by hand, so the rules are the same.
Problems are reported by spreadsheet line (the header is line 1) and column; if any row has a
problem, nothing is imported. What the forms would look up for each row (the project's organisations and
names) is read once, and the rows are written together (services/bulk.py), so the queries do not grow with
the rows. A large file is imported by a job (services/imports.py, tasks.py), which reports its stages
through `progress`.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django import forms
from django.db import transaction
from django.db.models import TextChoices

from coproduce.accounts.models import User
from coproduce.core.languages import language_find, language_options
from coproduce.core.services import audit_record
from coproduce.core.text_upload import TextLimits, TextUploadError, delimiter_sniff, text_read
from coproduce.projects.models import Project

from .forms import MAX_UPLOAD_BYTES, OrganisationForm, StakeholderForm
from .models import Organisation, RecruitmentStatus, Stakeholder
from .sectors import SUBSECTORS_BY_SECTOR, OrganisationSize, Sector, Subsector
from .services.bulk import (
    NewOrganisation,
    NewStakeholder,
    organisations_create_many,
    stakeholders_create_many,
)

COLUMNS = {
    "organisations": ("name", "sector", "type", "department", "size", "ward", "website", "notes"),
    "people": (
        "full_name",
        "role",
        "organisation",
        "email",
        "phone",
        "interests",
        "status",
        "language",
        "notes",
    ),
}
REQUIRED_COLUMNS = {"organisations": ("name", "sector"), "people": ("full_name",)}
NAME_COLUMN = {"organisations": "name", "people": "full_name"}
FIELD_COLUMN = {"subsector": "type", "job_title": "role"}  # form field -> CSV column, where they differ
IMPORT_NOTE = "Imported from a CSV file"
LIMITS = TextLimits(
    max_bytes=MAX_UPLOAD_BYTES,
    max_lines=50_000,
    max_line_length=20_000,
    kind="CSV",
    advice="In Excel, choose File, Save As, then 'CSV UTF-8 (comma delimited)'.",
    controls=False,
)

Problem = tuple[str, str]  # (column, message)
Check = Callable[[dict[str, str]], tuple[list[Problem], dict[str, Any] | None]]
Progress = Callable[[int, int, str], None]  # (done, total, what is happening), as a job shows it
Write = Callable[[list[dict[str, Any]], Progress], object]
CHECK_REPORT_EVERY = 500


def _unheard(done: int, total: int, note: str) -> None:
    """The progress callback when nobody is listening."""


@dataclass(frozen=True)
class RowError:
    line: int  # as a spreadsheet shows it: the header is line 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, column {self.column}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def summary(self) -> str:
        """'Imported 40 organisations', 'Imported 1 person'."""
        nouns = {"organisations": ("organisation", "organisations"), "people": ("person", "people")}
        one, many = nouns[self.kind]
        return f"Imported {self.created} {one if self.created == 1 else many}"


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, not text, not CSV, wrong headers)."""


def template_csv(*, kind: str) -> bytes:
    """An empty file with the header line for `kind`, to fill in and import."""
    return (",".join(COLUMNS[kind]) + "\r\n").encode("utf-8-sig")


# Reading the file


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_rows(
    *, file: IO[bytes], columns: tuple[str, ...], required: Iterable[str]
) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: value}) for each non-blank row. Raises FileProblem if the file is unusable."""
    try:
        text = text_read(file, limits=LIMITS).text
    except TextUploadError as problem:
        raise FileProblem(str(problem)) from problem
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_sniff(text))
    try:
        records = list(reader)
    except csv.Error as error:
        raise FileProblem(f"The file cannot be read as CSV near line {reader.line_num}: {error}.") from error
    header = [_normalise_header(name) for name in records[0]] if records else []
    _check_header(header=header, columns=columns, required=required)
    rows = list(_rows(records[1:], header))
    if not rows:
        raise FileProblem("The file has a header line but no rows to import.")
    return rows


def rows_count(*, kind: str, file: IO[bytes]) -> int:
    """How many rows the file has to import, once it is known to be readable with the right header line;
    FileProblem, with the message the form shows, if not. The rows themselves are not checked."""
    return len(read_rows(file=file, columns=COLUMNS[kind], required=REQUIRED_COLUMNS[kind]))


def _check_header(*, header: list[str], columns: tuple[str, ...], required: Iterable[str]) -> None:
    named = [name for name in header if name]
    unknown = [name for name in named if name not in columns]
    missing = [name for name in required if name not in named]
    repeated = sorted({name for name in named if named.count(name) > 1})
    problems = []
    if unknown:
        problems.append(f"unknown column{'s' if len(unknown) > 1 else ''} {_quoted(unknown)}")
    if missing:
        problems.append(f"missing column{'s' if len(missing) > 1 else ''} {_quoted(missing)}")
    if repeated:
        problems.append(f"repeated column{'s' if len(repeated) > 1 else ''} {_quoted(repeated)}")
    if problems:
        raise FileProblem(
            f"The header line (line 1) has {'; '.join(problems)}. The columns are: {', '.join(columns)}."
        )


def _rows(records: list[list[str]], header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    for line, cells in enumerate(records, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: "" for name in header if name}
        for position, cell in enumerate(cells):
            name = header[position] if position < len(header) else ""
            if name:
                row[name] = cell.strip()
            elif cell.strip():
                row[f"(column {position + 1})"] = cell.strip()  # reported as a problem
        yield line, row


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


# Matching names and values


def _key(text: str) -> str:
    return " ".join(re.sub(r"[\-_]", " ", text).casefold().split())


def _aliases(choices: type[TextChoices]) -> dict[str, str]:
    """Each choice by its value or label, with or without the part in brackets, any case."""
    aliases: dict[str, str] = {}
    for value, label in choices.choices:
        for alias in (value, label, str(label).split(" (")[0]):
            aliases[_key(alias)] = value
    return aliases


def _short_labels(choices: Iterable[tuple[str, str]]) -> str:
    return ", ".join(str(label).split(" (")[0] for _, label in choices)


def _choice(value: str, choices: type[TextChoices], noun: str, problems: list[Problem], column: str) -> str:
    if not value:
        return ""
    found = _aliases(choices).get(_key(value))
    if found is None:
        problems.append((column, f"'{value}' is not {noun}. Use one of: {_short_labels(choices.choices)}."))
        return ""
    return found


# One row of each kind -> form data, or problems


def _organisation_data(row: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    sector = _choice(row.get("sector", ""), Sector, "a sector", problems, "sector")
    if not row.get("sector"):
        problems.append(("sector", f"Enter the sector. Use one of: {_short_labels(Sector.choices)}."))
    subsector = _aliases(Subsector).get(_key(row.get("type", "")), row.get("type", ""))
    if subsector and subsector not in Subsector.values:
        fitting = [(s, Subsector(s).label) for s in SUBSECTORS_BY_SECTOR.get(sector, ())]
        hint = f" Use one of: {_short_labels(fitting)}." if fitting else " Leave it blank for this sector."
        problems.append(("type", f"'{row['type']}' is not a type.{hint}"))
        subsector = ""
    size = _choice(row.get("size", ""), OrganisationSize, "a size", problems, "size")
    data = {name: row.get(name, "") for name in ("name", "department", "ward", "website", "notes")}
    return {**data, "sector": sector, "subsector": subsector, "size": size}


def _people_data(
    row: dict[str, str], organisations: dict[str, Organisation], problems: list[Problem]
) -> tuple[dict[str, str], Organisation | None]:
    """The form's data, and the organisation named (found here, so the form has none to look up)."""
    organisation = organisations.get(_key(row.get("organisation", "")))
    if row.get("organisation") and organisation is None:
        problems.append(
            ("organisation", f"'{row['organisation']}' is not an organisation in this project. Add it first.")
        )
    data = {name: row.get(name, "") for name in ("full_name", "email", "phone", "interests", "notes")}
    data["job_title"] = row.get("role", "")
    data["status"] = _choice(row.get("status", ""), RecruitmentStatus, "a status", problems, "status")
    data["language"] = _language(row.get("language", ""), problems)
    return data, organisation


def _language(value: str, problems: list[Problem]) -> str:
    """A language the site offers, by code ("ur") or name ("Urdu", "اردو"); blank for not known."""
    code = language_find(value)
    if code is None:
        names = ", ".join(f"{label.split(' (')[0]} ({code})" for code, label in language_options())
        problems.append(("language", f"'{value}' is not a language the site offers. Use one of: {names}."))
        return ""
    return code


def _form_errors(form: forms.Form) -> list[Problem]:
    form.is_valid()
    return [
        (FIELD_COLUMN.get(name, name), str(message))
        for name, messages in form.errors.items()
        if name != "__all__"
        for message in messages
    ]


def _organisation_check(project: Project) -> Check:
    names = Organisation.objects.filter(project=project).values_list("name", flat=True)
    taken = frozenset(name.lower() for name in names)

    def check(row: dict[str, str]) -> tuple[list[Problem], dict[str, Any] | None]:
        problems: list[Problem] = []
        data = _organisation_data(row, problems)
        form = OrganisationForm(data=data, project=project, taken_names=taken)
        # A blank or unknown sector already has its own message, naming the sectors.
        problems += [p for p in _form_errors(form) if p[0] != "sector" or data["sector"]]
        return problems, None if problems else form.cleaned_data

    return check


def _people_check(project: Project) -> Check:
    choices = Organisation.objects.filter(project=project).order_by("name")
    organisations = {_key(o.name): o for o in choices}
    people = Stakeholder.objects.filter(project=project).values_list("full_name", "code")
    codes_by_name = {_key(name): code for name, code in people}

    def check(row: dict[str, str]) -> tuple[list[Problem], dict[str, Any] | None]:
        problems: list[Problem] = []
        data, organisation = _people_data(row, organisations, problems)
        form = StakeholderForm(data=data, project=project, organisations=choices)
        problems += _form_errors(form)
        if code := codes_by_name.get(_key(row.get("full_name", ""))):
            problems.append(("full_name", f"This person is already in the register as {code}."))
        status = data["status"] or RecruitmentStatus.IDENTIFIED
        cleaned = {**form.cleaned_data, "organisation": organisation, "status": status}
        return problems, None if problems else cleaned

    return check


# The two imports


def organisations_import_csv(
    *, project: Project, file: IO[bytes], by: User | None, progress: Progress = _unheard
) -> ImportResult:
    """Add every organisation in the file, or none if any row has a problem."""

    def write(valid: list[dict[str, Any]], progress: Progress) -> None:
        progress(0, len(valid), f"Saving {len(valid):,} organisations")
        new = [NewOrganisation(**data) for data in valid]
        organisations_create_many(project=project, by=by, organisations=new)

    check = _organisation_check(project)
    return _run(
        kind="organisations", project=project, file=file, by=by, check=check, write=write, progress=progress
    )


def stakeholders_import_csv(
    *, project: Project, file: IO[bytes], by: User | None, progress: Progress = _unheard
) -> ImportResult:
    """Add every person in the file, or none if any row has a problem. Organisations must exist."""

    def write(valid: list[dict[str, Any]], progress: Progress) -> None:
        def saved(done: int, total: int) -> None:
            progress(done, total, f"Saving {done:,} of {total:,} people")

        new = [NewStakeholder(**data) for data in valid]
        stakeholders_create_many(project=project, by=by, people=new, status_note=IMPORT_NOTE, progress=saved)

    check = _people_check(project)
    return _run(kind="people", project=project, file=file, by=by, check=check, write=write, progress=progress)


def _run(
    *,
    kind: str,
    project: Project,
    file: IO[bytes],
    by: User | None,
    check: Check,
    write: Write,
    progress: Progress,
) -> ImportResult:
    result = ImportResult(kind=kind)
    progress(0, 0, "Reading the file")
    try:
        rows = read_rows(file=file, columns=COLUMNS[kind], required=REQUIRED_COLUMNS[kind])
    except FileProblem as problem:
        result.file_errors.append(str(problem))
        return result
    valid: list[dict[str, Any]] = []
    first_line_of_name: dict[str, int] = {}
    for done, (line, row) in enumerate(rows):
        if done % CHECK_REPORT_EVERY == 0:
            progress(done, len(rows), f"Checking row {done + 1:,} of {len(rows):,}")
        problems, data = check(row)
        problems += _repeat_problems(line, row, NAME_COLUMN[kind], first_line_of_name)
        problems += [(name, "This column has no heading.") for name in row if name.startswith("(column")]
        result.errors += [RowError(line=line, column=column, message=message) for column, message in problems]
        if data is not None and not problems:
            valid.append(data)
    if not result.errors:
        _write(kind=kind, project=project, by=by, valid=valid, write=write, progress=progress)
        result.created = len(valid)
    return result


def _repeat_problems(
    line: int, row: dict[str, str], column: str, first_line: dict[str, int]
) -> list[Problem]:
    key = _key(row.get(column, ""))
    if not key:
        return []
    if key in first_line:
        return [(column, f"This name is also on line {first_line[key]}. Each name may appear only once.")]
    first_line[key] = line
    return []


@transaction.atomic
def _write(
    *,
    kind: str,
    project: Project,
    by: User | None,
    valid: list[dict[str, Any]],
    write: Write,
    progress: Progress,
) -> None:
    write(valid, progress)
    audit_record(
        action="people.import.completed",
        by=by,
        project_id=project.pk,
        object_repr=f"CSV import of {kind}",
        changes={"kind": kind, "created": len(valid)},
    )
