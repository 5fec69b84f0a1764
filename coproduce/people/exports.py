"""Downloads of the register as CSV or Excel (XLSX).

People come in two forms. With personal data (only for roles that may export it): code, name,
role, organisation, sector, email, telephone, interests, status, notes and the date added.
Pseudonymised (for everyone else who can see the register): code, organisation, sector, status
and interests. Role and notes are left out of that form too: a job title can identify someone
in a small organisation, and free-text notes may hold anything.
"""

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.core.spreadsheets import CONTENT_TYPES, Table, table_bytes
from coproduce.projects.models import Project

from .models import Organisation, Stakeholder
from .selectors import organisation_list, stakeholder_list

Cell = str | int


def organisations_table(*, organisations: QuerySet[Organisation]) -> Table:
    """Organisations are not personal data: every column, for everyone who can see the register."""
    headings = ["name", "sector", "type", "department", "size", "ward", "website", "notes", "people"]
    rows: list[list[Cell]] = [
        [
            o.name,
            o.get_sector_display(),
            o.get_subsector_display(),
            o.department,
            o.get_size_display(),
            o.ward,
            o.website,
            o.notes,
            getattr(o, "people_count", 0),
        ]
        for o in organisations
    ]
    return Table(title="Organisations", headings=headings, rows=rows)


def _interests(stakeholder: Stakeholder) -> str:
    return "; ".join(interest.name for interest in stakeholder.interests.all())


def _organisation_name(stakeholder: Stakeholder) -> str:
    return stakeholder.organisation.name if stakeholder.organisation else ""


PSEUDONYMISED_COLUMNS: dict[str, Callable[[Stakeholder], Cell]] = {
    "code": lambda s: s.code,
    "organisation": _organisation_name,
    "sector": lambda s: s.sector_label,
    "status": lambda s: s.get_recruitment_status_display(),
    "interests": _interests,
}
PERSONAL_COLUMNS: dict[str, Callable[[Stakeholder], Cell]] = {
    "code": lambda s: s.code,
    "full_name": lambda s: s.full_name,
    "role": lambda s: s.job_title,
    "organisation": _organisation_name,
    "sector": lambda s: s.sector_label,
    "email": lambda s: s.email,
    "phone": lambda s: s.phone,
    "interests": _interests,
    "status": lambda s: s.get_recruitment_status_display(),
    "notes": lambda s: s.notes,
    "added": lambda s: timezone.localtime(s.created_at).date().isoformat(),
}


def people_table(*, people: Iterable[Stakeholder], personal: bool) -> Table:
    """The register of people, with personal data only if `personal`."""
    columns = PERSONAL_COLUMNS if personal else PSEUDONYMISED_COLUMNS
    rows = [[value(person) for value in columns.values()] for person in people]
    return Table(title="People" if personal else "People (pseudonymised)", headings=list(columns), rows=rows)


# Downloads (each one is recorded in the audit trail)


def _download(*, project: Project, table: Table, stem: str, file_format: str) -> Download:
    content = table_bytes(table, file_format=file_format)
    filename = (
        f"{slugify(project.title)[:50] or 'project'}-{stem}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    )
    return Download(filename=filename, content_type=CONTENT_TYPES[file_format], content=content)


@transaction.atomic
def people_export(*, project: Project, by: User, file_format: str, personal: bool) -> Download:
    """The register of people as a file. The caller checks that `by` may export personal data."""
    people = stakeholder_list(project=project).order_by("code")
    download = _download(
        project=project,
        table=people_table(people=people, personal=personal),
        stem="people" if personal else "people-pseudonymised",
        file_format=file_format,
    )
    _record(project=project, by=by, what="people", file_format=file_format, personal=personal)
    return download


@transaction.atomic
def organisations_export(*, project: Project, by: User, file_format: str) -> Download:
    organisations = organisation_list(project=project)
    download = _download(
        project=project,
        table=organisations_table(organisations=organisations),
        stem="organisations",
        file_format=file_format,
    )
    _record(project=project, by=by, what="organisations", file_format=file_format, personal=False)
    return download


def _record(*, project: Project, by: User, what: str, file_format: str, personal: bool) -> None:
    audit_record(
        action="people.export.downloaded",
        by=by,
        project_id=project.pk,
        object_repr=f"Download of {what}",
        changes={"what": what, "format": file_format, "personal_data": personal},
    )
