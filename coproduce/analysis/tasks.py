"""Analysis work done by the task worker (``manage.py db_worker``): the suggestion index, and importing a
REFI-QDA codebook or project, as a job.

The REFI-QDA file waits in an `ExchangeImport` row (coproduce/analysis/services/exchange_jobs.py starts the
job). A file that cannot be imported fails at once with the reason the form used to show, and is deleted; so
is one whose import failed on its last attempt.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.urls import reverse

from coproduce.jobs.models import Job
from coproduce.jobs.runner import JobError, JobOutcome, Progress, job_attempt
from coproduce.projects.models import Project

from .models import ExchangeImport
from .services.exchange_import import exchange_import_run, exchange_upload_discard
from .suggestion_index import index_ready, index_warm

GONE = "The uploaded file is no longer kept, so it cannot be imported. Upload it again."
NO_ONE = "The account that started this import has been removed. Upload the file again."


def _outcome(record: ExchangeImport) -> JobOutcome:
    report = record.report
    new_codes, what = (
        len(report.get("codes_created", [])),
        "Codebook" if report.get("kind") == "codebook" else "Project",
    )
    message = f"{what} imported: {new_codes:,} new code{'s' if new_codes != 1 else ''}"
    if report.get("kind") == "project":
        codings = int(report.get("codings_created", 0))
        message += f", {codings:,} new coding{'s' if codings != 1 else ''}"
    unmatched, warnings = len(report.get("sources_unmatched", [])), len(report.get("warnings", []))
    message += (
        f"; {unmatched:,} sources not matched; {warnings:,} warnings. The report says what was imported."
    )
    kwargs = {"project_id": record.project.public_id, "import_id": record.public_id}
    return JobOutcome(
        summary={"message": message, "import": str(record.public_id)},
        next_url=reverse("analysis:exchange_report", kwargs=kwargs),
    )


def _import(job: Job, progress: Progress) -> JobOutcome:
    record = (
        ExchangeImport.objects.select_related("project")
        .filter(project=job.project, public_id=job.arguments.get("import"))
        .first()
    )
    if record is None:
        raise JobError(GONE, retry=False)
    if record.imported_at is not None:  # an earlier attempt imported it, then stopped before it could say so
        return _outcome(record)
    if job.created_by is None:
        exchange_upload_discard(record=record, reason=NO_ONE)
        raise JobError(NO_ONE, retry=False)
    progress(0, 0, f"Reading {record.filename}")
    try:
        record = exchange_import_run(record=record, by=job.created_by)
    except ValidationError as error:
        reason = "Nothing was imported. " + " ".join(error.messages)
        exchange_upload_discard(record=record, reason=reason)
        raise JobError(reason, retry=False) from error
    except Exception:
        if job.attempts >= job.max_attempts:
            exchange_upload_discard(record=record, reason="The import failed on its last attempt.")
        raise
    return _outcome(record)


@task()
def exchange_import_job(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=exchange_import_job, work=_import)


@task
def suggestion_index_prepare(*, project_id: int) -> None:
    """Build and store the project's suggestion index, so that the first suggestion only loads it."""
    index_warm(project_id=project_id)


def suggestion_index_prepare_if_missing(*, project: Project) -> bool:
    """Queue `suggestion_index_prepare` when the index for the transcripts as they are now is neither in
    this process nor stored: called as coders open the list of transcripts to code. True if queued."""
    if index_ready(project=project):
        return False
    transaction.on_commit(lambda: suggestion_index_prepare.enqueue(project_id=project.pk))
    return True
