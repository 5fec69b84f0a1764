"""Evidence work done by the task worker (``manage.py db_worker``): the screening features, queued when a
change commits, and importing a large file of records, as a job.

The upload waits in a `PendingImport` row (coproduce/evidence/services/import_jobs.py starts the job). The
import and the deletion of the upload are one transaction, and the batch's id is chosen when the job starts,
so an attempt that runs again after a worker stopped either finds the batch already made or imports afresh;
it never imports the file twice.
"""

import uuid

from django.tasks import task
from django.urls import reverse

from coproduce.evidence.importers import ImportProblem, decode_upload
from coproduce.evidence.models import ImportBatch, PendingImport
from coproduce.evidence.progress import ImportProgress, ProgressReport
from coproduce.evidence.selectors.duplicates import duplicate_candidate_count
from coproduce.jobs.models import Job
from coproduce.jobs.runner import JobError, JobOutcome, Progress, job_attempt
from coproduce.projects.models import Project

from .features import features_get

GONE = "The uploaded file is no longer kept, so it cannot be imported. Upload it again."


def _reporter(progress: Progress) -> ProgressReport:
    """The import's stages, told to the job's progress: a count while saving, a sentence for the others."""

    def report(stage: ImportProgress) -> None:
        progress(stage.done, stage.total if stage.percent is not None else 0, stage.message)

    return report


def _outcome(batch: ImportBatch) -> JobOutcome:
    possible = duplicate_candidate_count(project=batch.project, batch=batch)
    url = reverse("evidence:reference_list", kwargs={"project_id": batch.project.public_id})
    figures = {
        "records_in_file": batch.records_in_file,
        "created": batch.records_created,
        "merged": batch.duplicates_merged,
        "skipped": batch.records_skipped,
        "possible_duplicates": possible,
    }
    message = (
        f"Read {batch.records_in_file:,} records from {batch.filename}: imported "
        f"{batch.records_created:,} new records; {batch.duplicates_merged:,} exact duplicates were merged; "
        f"{possible:,} possible duplicates to check. {batch.skipped_note} {batch.encoding_note}".strip()
    )
    return JobOutcome(
        summary={"message": message, "batch": str(batch.public_id), **figures},
        next_url=f"{url}?batch={batch.public_id}",
        forget_arguments=True,
    )


def _import(job: Job, progress: Progress) -> JobOutcome:
    # The services queue this module's tasks, so they are imported when the work runs.
    from coproduce.evidence.services.imports import pending_import_complete, pending_import_discard

    batch_id = uuid.UUID(str(job.arguments.get("batch")))
    earlier = ImportBatch.objects.select_related("project").filter(public_id=batch_id).first()
    if earlier is not None:  # an earlier attempt imported the file, then stopped before it could say so
        return _outcome(earlier)
    pending = (
        PendingImport.objects.select_related("project", "search")
        .filter(project=job.project, public_id=job.arguments.get("pending"))
        .first()
    )
    if pending is None:
        raise JobError(GONE, retry=False)
    try:
        uploaded = decode_upload(bytes(pending.raw))
        batch = pending_import_complete(
            pending=pending, text=uploaded.text, mapping=job.arguments.get("mapping"), by=job.created_by,
            progress=_reporter(progress), batch_id=batch_id, encoding=uploaded.assumed_encoding,
        )  # fmt: skip
    except ImportProblem as problem:
        pending_import_discard(pending=pending, reason=str(problem))
        raise JobError(f"Nothing was imported. {problem}", retry=False) from problem
    except Exception:
        if job.attempts >= job.max_attempts:
            pending_import_discard(pending=pending, reason="The import failed on its last attempt.")
        raise
    return _outcome(batch)


@task()
def references_import_job(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=references_import_job, work=_import)


@task
def features_prepare(*, project_id: int) -> None:
    """Build and store the project's screening features, so that the next screening page only loads them.

    Queued on commit by an import, a record added or edited and a duplicate decision. The worker keeps no
    ranker: only web processes rank."""
    project = Project.objects.filter(pk=project_id).first()
    if project is not None:
        features_get(project=project)
