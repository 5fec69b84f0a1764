"""Importing a file of records: parse everything first, merge exact duplicates, then write in bulk.

Two records are the same when they have the same title and year, or the same DOI and the same title (or one
has none); a record whose DOI is already taken by a record with another title is kept, and the two are put to
a person as possible duplicates, since databases do give two works one DOI.

A file that cannot be read raises `ImportProblem` before anything is written, and the whole import is one
transaction, so a file either arrives whole or not at all. An optional `progress` callback hears how far a
large import has got (see coproduce/evidence/progress.py).
"""

import datetime
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record, upload_discard, upload_keep
from coproduce.evidence.importers import ImportProblem, ParsedRecord, parse_usable
from coproduce.evidence.models import ImportBatch, PendingImport, Reference, Search
from coproduce.evidence.progress import ImportProgress, ProgressReport, Stage
from coproduce.projects.models import Project

from ..tasks import features_prepare
from .duplicates import duplicates_find as duplicates_find
from .duplicates import shared_doi_flag

BULK_BATCH = 1000
SKIPPED_KEPT = 500  # where the skipped records were, kept on the batch
PENDING_LIFETIME = datetime.timedelta(hours=6)
Key = tuple[str, str, int | None]


def exact_keys(*, doi: str, title_key: str, year: int | None) -> set[Key]:
    """The keys under which two records are the same: the DOI, or the title with the year."""
    keys: set[Key] = set()
    if doi:
        keys.add(("doi", doi, None))
    if title_key:
        keys.add(("title", title_key, year))
    return keys


def _folded(title_key: str) -> str:
    """The title key without accents, so 'Boström' and 'Bostrom' are the same title."""
    return "".join(c for c in unicodedata.normalize("NFKD", title_key) if not unicodedata.combining(c))


@dataclass
class _Seen:
    """The keys of the records already in the project or earlier in the file, and each DOI's titles."""

    keys: set[Key] = field(default_factory=set)
    titles: dict[str, set[str]] = field(default_factory=dict)  # DOI -> folded title keys

    def add(self, *, doi: str, title_key: str, year: int | None) -> None:
        self.keys |= exact_keys(doi=doi, title_key=title_key, year=year)
        if doi:
            self.titles.setdefault(doi, set()).add(_folded(title_key))

    def holds(self, item: ParsedRecord) -> bool:
        """Whether `item` is the same record as one seen: the same title with the same year, or the same
        DOI where the titles agree (or one is missing). Two titles under one DOI are two records."""
        if item.title_key and ("title", item.title_key, item.year) in self.keys:
            return True
        titles = self.titles.get(item.doi) if item.doi else None
        if titles is None:
            return False
        folded = _folded(item.title_key)
        return not folded or "" in titles or folded in titles


def _project_seen(project: Project) -> _Seen:
    seen = _Seen()
    for doi, key, year in Reference.objects.filter(project=project).values_list("doi", "title_key", "year"):
        seen.add(doi=doi, title_key=key, year=year)
    return seen


def _without_exact_duplicates(
    records: Iterable[ParsedRecord], seen: _Seen
) -> tuple[list[ParsedRecord], int, set[str]]:
    """The records to create, how many were merged, and the DOIs now shared by records whose titles differ."""
    kept: list[ParsedRecord] = []
    merged = 0
    shared: set[str] = set()
    for item in records:
        if seen.holds(item):
            merged += 1
            continue
        if item.doi and item.doi in seen.titles:
            shared.add(item.doi)
        seen.add(doi=item.doi, title_key=item.title_key, year=item.year)
        kept.append(item)
    return kept, merged, shared


def _values(item: ParsedRecord) -> dict[str, object]:
    return {
        "source_type": item.source_type,
        "title": item.title,
        "abstract": item.abstract,
        "authors": list(item.authors),
        "year": item.year if item.year and item.year < 32768 else None,
        "container": item.container,
        "volume": item.volume,
        "issue": item.issue,
        "pages": item.pages,
        "publisher": item.publisher,
        "doi": item.doi,
        "pmid": item.pmid,
        "url": item.url,
        "keywords": list(item.keywords),
        "title_key": item.title_key,
    }


def _insert_references(
    records: list[ParsedRecord], *, project: Project, batch: ImportBatch, progress: ProgressReport
) -> list[int]:
    """Insert the records with one prepared statement; returns their ids.

    `bulk_create` spends most of its time building a model instance and SQL per row; here each value goes
    through its field's own database preparation, and the statement is built once.
    """
    fields = [f for f in Reference._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    fixed = {"project": project.pk, "batch": batch.pk, "duplicate_of": None, "notes": "", "created_at": now}
    fixed["updated_at"] = now
    prepared_fixed = {
        f.name: f.get_db_prep_save(fixed[f.name], connection) for f in fields if f.name in fixed
    }
    table = connection.ops.quote_name(Reference._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    # Names come from the model and are quoted by the database backend; every value is a parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(records), BULK_BATCH):
            progress(ImportProgress(stage=Stage.SAVING, done=start, total=len(records)))
            rows = []
            for item in records[start : start + BULK_BATCH]:
                values = _values(item)
                values["public_id"] = uuid.uuid4()
                rows.append(
                    [
                        prepared_fixed[f.name]
                        if f.name in prepared_fixed
                        else f.get_db_prep_save(values[f.name], connection)
                        for f in fields
                    ]
                )
            cursor.executemany(sql, rows)
    return list(Reference.objects.filter(batch=batch).values_list("id", flat=True))


@transaction.atomic
def references_import(
    *,
    project: Project,
    search: Search | None,
    filename: str,
    fmt: str,
    text: str,
    by: User | None,
    mapping: dict[str, str] | None = None,
    progress: ProgressReport | None = None,
    batch_id: uuid.UUID | None = None,
    encoding: str = "",
) -> ImportBatch:
    """Import every usable record of `text` (see `ParsedRecord.usable`), counting and listing the others on
    the batch; raises ImportProblem (and writes nothing) if the file cannot be read or has no usable record.

    `records_in_file` counts the usable records only: they are the records identified, from which the PRISMA
    figures come; a record skipped as unusable was never identified (docs/evidence-import.md).

    `encoding` is the encoding the file was assumed to be in when it was not Unicode, kept on the batch so
    that the result can say so.

    `batch_id`, chosen before the import, names the batch it makes: a second import under the same id
    fails on the unique id and rolls back, so a job that runs again can never import the file twice."""
    report = progress or _unheard
    report(ImportProgress(stage=Stage.READING))
    parsed = parse_usable(fmt=fmt, text=text, mapping=mapping)
    records = parsed.records
    report(ImportProgress(stage=Stage.CHECKING, total=len(records)))
    kept, merged, shared_dois = _without_exact_duplicates(records, _project_seen(project))
    batch = ImportBatch.objects.create(
        public_id=batch_id or uuid.uuid4(),
        project=project,
        search=search,
        filename=filename[:255],
        format=fmt,
        records_in_file=len(records),
        records_created=len(kept),
        duplicates_merged=merged,
        records_skipped=len(parsed.unusable),
        skipped=[u.as_dict() for u in parsed.unusable[:SKIPPED_KEPT]],
        encoding=encoding[:40],
        created_by=by,
    )
    created = _insert_references(kept, project=project, batch=batch, progress=report)
    report(ImportProgress(stage=Stage.MATCHING, total=len(created)))
    possible = shared_doi_flag(project=project, dois=shared_dois, among=set(created))
    possible += duplicates_find(project=project, among=set(created), by=by)
    counts = {
        "in_file": len(records),
        "created": len(kept),
        "merged": merged,
        "skipped": len(parsed.unusable),
        "possible_duplicates": possible,
    }
    audit_record(
        action="evidence.import.completed",
        by=by,
        obj=batch,
        project_id=project.pk,
        object_repr=filename[:200],
        changes={**counts, "format": fmt, "encoding": encoding},
    )
    if progress is not None:
        done = ImportProgress(stage=Stage.DONE, done=len(kept), total=len(kept))
        transaction.on_commit(lambda: progress(done))
    transaction.on_commit(lambda: features_prepare.enqueue(project_id=project.pk))
    return batch


def _unheard(progress: ImportProgress) -> None:
    """The progress callback when nobody is listening."""


@transaction.atomic
def pending_import_create(
    *,
    project: Project,
    search: Search | None,
    filename: str,
    fmt: str,
    raw: bytes,
    by: User,
    lifetime: datetime.timedelta = PENDING_LIFETIME,
) -> PendingImport:
    """Keep an upload until its columns are mapped or its job runs; old ones are cleared on the way."""
    return upload_keep(
        model=PendingImport,
        filename=filename,
        raw=raw,
        lifetime=lifetime,
        by=by,
        action="evidence.import.uploaded",
        project_id=project.pk,
        project=project,
        search=search,
        format=fmt,
    )


@transaction.atomic
def pending_import_complete(
    *,
    pending: PendingImport,
    text: str,
    mapping: dict[str, str] | None,
    by: User | None,
    progress: ProgressReport | None = None,
    batch_id: uuid.UUID | None = None,
    encoding: str = "",
) -> ImportBatch:
    """Import a kept upload (with its column mapping, for a spreadsheet), then forget the upload, together.

    The upload is locked first: a confirmation sent twice, or again from an old page, finds it gone and is
    refused, so a file is never imported twice."""
    if not PendingImport.objects.select_for_update().filter(pk=pending.pk).exists():
        raise ImportProblem(
            0, "This file has already been imported or cancelled, so nothing more was imported."
        )
    batch = references_import(
        project=pending.project,
        search=pending.search,
        filename=pending.filename,
        fmt=pending.format,
        text=text,
        by=by,
        mapping=mapping,
        progress=progress,
        batch_id=batch_id,
        encoding=encoding,
    )
    pending.delete()
    return batch


@transaction.atomic
def pending_import_map(*, pending: PendingImport, mapping: dict[str, str], by: User) -> PendingImport:
    """Keep a spreadsheet's column mapping with its upload, for the preview and the import after it."""
    PendingImport.objects.filter(pk=pending.pk).update(mapping=mapping)
    pending.mapping = mapping
    audit_record(action="evidence.import.mapped", by=by, obj=pending, project_id=pending.project_id)
    return pending


def pending_import_cancel(*, pending: PendingImport, by: User) -> None:
    """Forget an upload the person chose not to import after seeing its preview; nothing was written."""
    upload_discard(upload=pending, action="evidence.import.cancelled", project_id=pending.project_id, by=by)


def pending_import_discard(*, pending: PendingImport, reason: str) -> None:
    """Forget an upload that will not be imported (its job failed for good)."""
    upload_discard(
        upload=pending, action="evidence.import.discarded", project_id=pending.project_id, reason=reason
    )
