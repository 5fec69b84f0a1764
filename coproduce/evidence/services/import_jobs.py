"""Large imports run as jobs: the upload is kept in the database (`PendingImport`), where a worker on
another machine can read it, and the job imports it with `references_import` (coproduce/evidence/tasks.py).

A file bigger than `IMPORT_IN_BACKGROUND_BYTES` goes this way; a smaller one is imported in the request.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.evidence.models import PendingImport, Search
from coproduce.evidence.tasks import references_import_job
from coproduce.jobs.models import Job
from coproduce.jobs.services import job_start
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need

from .imports import pending_import_create

# Long enough for a job to wait for a stopped worker to come back, and for its attempts and retries.
JOB_UPLOAD_LIFETIME = datetime.timedelta(days=2)
KIND = "evidence.import"


def import_in_background(*, size: int) -> bool:
    """Whether a file of `size` bytes is imported by a job rather than in the request."""
    return size > int(settings.IMPORT_IN_BACKGROUND_BYTES)


@transaction.atomic
def references_import_start(
    *, project: Project, search: Search | None, filename: str, fmt: str, raw: bytes, by: User
) -> Job:
    """Keep the upload and start the job that imports it."""
    pending = pending_import_create(
        project=project,
        search=search,
        filename=filename,
        fmt=fmt,
        raw=raw,
        by=by,
        lifetime=JOB_UPLOAD_LIFETIME,
    )
    return pending_import_start(pending=pending, mapping=None, by=by)


@transaction.atomic
def pending_import_start(*, pending: PendingImport, mapping: dict[str, str] | None, by: User) -> Job:
    """Start the job that imports a kept upload (a spreadsheet with its column mapping, or any large file).

    The upload is locked first: a form sent twice starts one job, and the second is refused."""
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    if pending.job_id is not None:
        raise ValidationError("This file is already being imported.", code="already_started")
    job = job_start(
        project=pending.project,
        task=references_import_job,
        kind=KIND,
        label=f"Import of {pending.filename}"[:200],
        need=Need.MANAGE_EVIDENCE,
        by=by,
        arguments={"pending": str(pending.public_id), "mapping": mapping, "batch": str(uuid.uuid4())},
    )
    # The immediate backend (tests, TASKS_BACKEND=immediate) has already run the job and deleted the upload.
    PendingImport.objects.filter(pk=pending.pk).update(
        job=job, expires_at=max(pending.expires_at, timezone.now() + JOB_UPLOAD_LIFETIME)
    )
    return job
