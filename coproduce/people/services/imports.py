"""Large CSV imports into the register run as jobs: the upload is kept in the database (`RegisterImport`),
where a worker on another machine can read it, and the job imports it with the same checks and writes as an
import in the request (coproduce/people/tasks.py).

A file of more rows than `REGISTER_IMPORT_IN_BACKGROUND_ROWS` goes this way; a smaller one is imported in
the request. The import and the note that it is done are one transaction, so an attempt run again after a
worker stopped either finds the file imported or imports it afresh; it never imports it twice.
"""

import datetime
import io

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import upload_discard, upload_keep
from coproduce.jobs.models import Job
from coproduce.jobs.services import job_start
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need

from ..csv_import import ImportResult, Progress, organisations_import_csv, stakeholders_import_csv
from ..models import REGISTER_IMPORT_JOB_KIND, RegisterImport, RegisterImportKind
from ..tasks import register_import_job

# Long enough for a job to wait for a stopped worker to come back, and for its attempts and retries.
UPLOAD_LIFETIME = datetime.timedelta(days=2)
IMPORTERS = {
    RegisterImportKind.ORGANISATIONS: organisations_import_csv,
    RegisterImportKind.PEOPLE: stakeholders_import_csv,
}


def import_in_background(*, rows: int) -> bool:
    """Whether a file of `rows` rows is imported by a job rather than in the request."""
    return rows > int(settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS)


@transaction.atomic
def register_import_start(*, project: Project, kind: str, filename: str, raw: bytes, by: User) -> Job:
    """Keep the upload (already known to be readable, with the right header line) and start the job that
    imports it."""
    upload = upload_keep(
        model=RegisterImport,
        filename=filename,
        raw=raw,
        lifetime=UPLOAD_LIFETIME,
        by=by,
        action="people.import.uploaded",
        project_id=project.pk,
        project=project,
        kind=kind,
    )
    job = job_start(
        project=project,
        task=register_import_job,
        kind=REGISTER_IMPORT_JOB_KIND,
        label=f"Import of {RegisterImportKind(kind).label} from {filename}"[:200],
        need=Need.MANAGE_PEOPLE,
        by=by,
        arguments={"upload": str(upload.public_id)},
    )
    # The immediate backend (tests) has already run the job.
    RegisterImport.objects.filter(pk=upload.pk).update(job=job)
    return job


@transaction.atomic
def register_import_complete(
    *, upload: RegisterImport, by: User | None, progress: Progress
) -> tuple[RegisterImport, ImportResult | None]:
    """Import a kept upload, all or nothing, and note that it is done in the same transaction. The result is
    None if an earlier attempt had imported it already (the upload then keeps its count)."""
    upload = RegisterImport.objects.select_for_update().get(pk=upload.pk)
    if upload.imported_at is not None:
        return upload, None
    importer = IMPORTERS[RegisterImportKind(upload.kind)]
    result = importer(project=upload.project, file=io.BytesIO(bytes(upload.raw)), by=by, progress=progress)
    if result.ok:
        upload.raw, upload.created, upload.imported_at = b"", result.created, timezone.now()
        upload.save(update_fields=["raw", "created", "imported_at", "updated_at"])
    return upload, result


def register_import_discard(*, upload: RegisterImport, reason: str) -> None:
    """Forget an upload that will not be imported (its rows have problems, or its job failed for good)."""
    upload_discard(
        upload=upload, action="people.import.discarded", project_id=upload.project_id, reason=reason
    )
