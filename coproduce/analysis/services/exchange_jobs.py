"""Every REFI-QDA import runs as a job: the upload is kept in the database (`ExchangeImport.raw`), where a
worker on another machine can read it, and the job imports it (coproduce/analysis/tasks.py).

The import, its report and the emptying of the upload are one transaction on the locked row, so an attempt
that runs again after a worker stopped finds the import done and imports nothing twice.
"""

import datetime

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import upload_keep
from coproduce.jobs.models import Job
from coproduce.jobs.services import job_start
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need

from ..models import ExchangeImport
from ..tasks import exchange_import_job

# Long enough for a job to wait for a stopped worker to come back, and for its attempts and retries.
UPLOAD_LIFETIME = datetime.timedelta(days=2)
KIND = "analysis.exchange_import"


@transaction.atomic
def exchange_import_start(
    *, project: Project, by: User, filename: str, data: bytes, add_missing: bool = False
) -> Job:
    """Keep the file and start the job that imports it; uploads left from jobs long gone are cleared."""
    record = upload_keep(
        model=ExchangeImport,
        filename=filename,
        raw=data,
        lifetime=UPLOAD_LIFETIME,
        by=by,
        action="analysis.exchange.uploaded",
        project_id=project.pk,
        project=project,
        add_missing=add_missing,
    )
    return job_start(
        project=project,
        task=exchange_import_job,
        kind=KIND,
        label=f"Import of {filename}"[:200],
        need=Need.CODE,
        by=by,
        arguments={"import": str(record.public_id)},
    )
