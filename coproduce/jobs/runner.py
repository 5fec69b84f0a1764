"""Running one attempt of a job inside a task: claim it, do the work, store the outcome or the failure.

Each app's `tasks.py` holds thin `@task` functions that hand their work to `job_attempt`:

    @task()
    def report_pdf_build(*, job_id: int) -> None:
        job_attempt(job_id=job_id, task=report_pdf_build, work=_build_pdf)

The work is a function of the job and a progress callback, returning a `JobOutcome`. It may run more than
once (a worker that stops mid-way, a retry), so it must be idempotent: do its writes in one transaction, or
check what an earlier attempt left. A `JobError` is a failure the team can understand; its message is shown
as the reason. Any other exception is logged with its traceback and shown as "an unexpected error".
"""

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.core.uploads import Uploads, upload_transaction

from .models import Job, JobStatus
from .progress import PROGRESS_SECONDS, progress_key

logger = logging.getLogger(__name__)
RETRY_DELAYS = (dt.timedelta(seconds=30), dt.timedelta(minutes=2), dt.timedelta(minutes=10))


class JobError(Exception):
    """A failure to show as it is; `retry=False` when another attempt cannot help (an unreadable file).

    `problems`, the file's problems one by one ({"line", "column", "message"}), are kept with the job and
    listed on its page as a table, as the upload form lists them."""

    def __init__(self, message: str, *, retry: bool = True, problems: Sequence[dict[str, Any]] = ()):
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.problems = list(problems)


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job leaves: a file to download, figures to show, a page to go on to."""

    content: bytes | None = None
    filename: str = ""
    content_type: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    next_url: str = ""
    forget_arguments: bool = False  # drop the arguments once done (they may hold personal data)


Progress = Callable[[int, int, str], None]
Work = Callable[[Job, Progress], JobOutcome]


def _progress_for(job: Job) -> Progress:
    """Progress goes to the cache: the work may hold a transaction, inside which a row update is unseen."""

    def report(done: int, total: int, note: str = "") -> None:
        cache.set(progress_key(job.pk), {"done": done, "total": total, "note": note[:200]}, PROGRESS_SECONDS)

    return report


def job_attempt(*, job_id: int, task: Task[Any, Any], work: Work) -> None:
    """Run one attempt of the job, if it is still waiting to be run; anything else is left alone."""
    job = _claim(job_id)
    if job is None:
        return
    try:
        outcome = work(job, _progress_for(job))
    except JobError as error:
        logger.warning("Job %s (%s) failed: %s", job.pk, job.kind, error.message)
        _failed(job, reason=error.message, retry=error.retry, task=task, problems=error.problems)
    except Exception as error:  # every failure is recorded, whatever it is
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        reason = (
            f"An unexpected error stopped it ({type(error).__name__}). "
            "It has been logged for the site's administrators."
        )
        _failed(job, reason=reason, retry=True, task=task)
    else:
        try:
            _succeeded(job, outcome)
        except ValidationError as error:  # the file store could not be written to
            _failed(job, reason=" ".join(error.messages), retry=True, task=task)


@transaction.atomic
def _claim(job_id: int) -> Job | None:
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    now = timezone.now()
    if job is None or job.status != JobStatus.QUEUED or (job.run_after and job.run_after > now):
        return None
    job.status = JobStatus.RUNNING
    job.attempts += 1
    job.started_at = now
    job.lease_until = now + dt.timedelta(seconds=job.lease_seconds)
    job.save(update_fields=["status", "attempts", "started_at", "lease_until", "updated_at"])
    return job


def _succeeded(job: Job, outcome: JobOutcome) -> None:
    with upload_transaction() as uploads:
        if not Job.objects.select_for_update().filter(pk=job.pk).exists():
            return  # deleted while it ran (its person erased, its project deleted): nothing is put back
        _outcome_store(job, outcome, uploads)
    cache.delete(progress_key(job.pk))


def _outcome_store(job: Job, outcome: JobOutcome, uploads: Uploads) -> None:
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.lease_until = None
    job.error = ""
    job.result = {"summary": outcome.summary, "next_url": outcome.next_url}
    fields = ["status", "finished_at", "lease_until", "error", "result", "updated_at"]
    if outcome.forget_arguments:
        job.arguments = {}
        fields.append("arguments")
    if outcome.content is not None:
        job.result_name = outcome.filename[:200]
        job.result_type = outcome.content_type[:100]
        name = f"{job.public_id}-{len(outcome.content)}"
        uploads.save(field=job.result_file, name=name, content=ContentFile(outcome.content))
        fields += ["result_name", "result_type", "result_file"]
    job.save(update_fields=fields)


def _failed(
    job: Job, *, reason: str, retry: bool, task: Task[Any, Any], problems: list[dict[str, Any]] | None = None
) -> None:
    again = retry and job.attempts < job.max_attempts
    run_after = _retry_at(job, task) if again else None
    kept = {"result": {"problems": problems}} if problems else {}
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED if again else JobStatus.FAILED,
            error=reason[:2000],
            lease_until=None,
            finished_at=None if again else timezone.now(),
            run_after=run_after,
            updated_at=timezone.now(),
            **kept,
        )
        if not again:
            audit_record(
                action="jobs.job.failed",
                by=None,
                obj=job,
                project_id=job.project_id,
                object_repr=job.label[:200],
                changes={"kind": job.kind, "attempts": job.attempts},
            )
    cache.delete(progress_key(job.pk))
    if again:
        job_queue(job=job, task=task, run_after=run_after)


def _retry_at(job: Job, task: Task[Any, Any]) -> dt.datetime | None:
    if not task.get_backend().supports_defer:
        return None
    return timezone.now() + RETRY_DELAYS[min(job.attempts, len(RETRY_DELAYS)) - 1]


def job_queue(*, job: Job, task: Task[Any, Any], run_after: dt.datetime | None = None) -> bool:
    """Put the job's task on the queue (after `run_after`, the job's as saved, when the backend can wait);
    return whether the backend has run it already, so that the job's row has changed since it was read.

    With the database backend the task row is written in the caller's transaction, so the job and its task
    are saved together or not at all. The immediate backend (tests) runs it here and now."""
    queued = task.using(run_after=run_after) if run_after else task
    result = queued.enqueue(job_id=job.pk)
    if task.get_backend().supports_get_result:  # the worker's record of the task, to find it if it stops
        job.task_result_id = str(result.id)[:64]
        Job.objects.filter(pk=job.pk).update(task_result_id=job.task_result_id)
    return result.is_finished
