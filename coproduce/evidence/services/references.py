"""Records added or corrected by hand: grey literature such as council papers, reports and web pages."""

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.evidence.importers.records import doi_normalise, title_key
from coproduce.evidence.models import Reference
from coproduce.evidence.tasks import features_prepare
from coproduce.projects.models import Project

TEXT_FIELDS = {"title", "abstract"}  # what the screening features read (ranking.record_text)

EDITABLE = (
    "title",
    "source_type",
    "authors",
    "year",
    "container",
    "publisher",
    "doi",
    "url",
    "abstract",
    "notes",
)


@transaction.atomic
def reference_create(
    *,
    project: Project,
    by: User,
    title: str,
    source_type: str,
    authors: list[str] | None = None,
    year: int | None = None,
    container: str = "",
    publisher: str = "",
    doi: str = "",
    url: str = "",
    abstract: str = "",
    notes: str = "",
) -> Reference:
    """Add one record by hand (no import batch)."""
    reference = Reference.objects.create(
        project=project,
        title=title,
        title_key=title_key(title),
        source_type=source_type,
        authors=authors or [],
        year=year,
        container=container,
        publisher=publisher,
        doi=doi_normalise(doi),
        url=url,
        abstract=abstract,
        notes=notes,
    )
    audit_record(
        action="evidence.reference.created",
        by=by,
        obj=reference,
        project_id=project.pk,
        object_repr=f"Record {reference.pk}",
    )
    transaction.on_commit(lambda: features_prepare.enqueue(project_id=project.pk))
    return reference


@transaction.atomic
def reference_update(
    *, reference: Reference, by: User, version: str | None = None, **values: object
) -> Reference:
    """Change the fields in `values` (names from EDITABLE); the audit row lists the names changed.

    `version` is the one the edit form was opened on: EditConflict if someone saved the record since.
    """
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Cannot change {sorted(unknown)}")
    if "doi" in values:
        values["doi"] = doi_normalise(str(values["doi"]))
    changed = fields_assign(reference, values, version=version)
    reference.title_key = title_key(reference.title)
    reference.save()
    audit_record(
        action="evidence.reference.updated",
        by=by,
        obj=reference,
        project_id=reference.project_id,
        object_repr=f"Record {reference.pk}",
        changes={"fields": changed},
    )
    if TEXT_FIELDS.intersection(changed):
        transaction.on_commit(lambda: features_prepare.enqueue(project_id=reference.project_id))
    return reference
