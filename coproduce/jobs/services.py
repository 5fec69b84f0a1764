"""Writes of background jobs: start one, retry one that failed, recover those a stopped worker left, prune."""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.uploads import stored_file_delete
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need, ProjectRole, job_retry_allowed

from .models import ACTIVE, Job, JobStatus
from .runner import job_queue

logger = logging.getLogger(__name__)
STOPPED_REASON = "The worker running it stopped before it finished."
WITHDRAWN_REASON = "The file was removed because someone it may quote withdrew their consent. Make it again."


@transaction.atomic
def job_start(
    *,
    project: Project | None,
    task: Task[Any, Any],
    kind: str,
    label: str,
    need: Need,
    by: User | None,
    arguments: dict[str, Any] | None = None,
    max_attempts: int = 3,
    lease_seconds: int = 15 * 60,
    quotes_people: bool = False,
) -> Job:
    """Save a job and queue its task, together: if the caller's transaction rolls back, neither exists."""
    job = Job.objects.create(
        project=project,
        kind=kind,
        label=label[:200],
        need=need,
        task_path=task.module_path,
        arguments=arguments or {},
        max_attempts=max_attempts,
        lease_seconds=lease_seconds,
        quotes_people=quotes_people,
        created_by=by,
    )
    audit_record(
        action="jobs.job.started",
        by=by,
        obj=job,
        project_id=project.pk if project else None,
        object_repr=job.label,
        changes={"kind": kind},
    )
    if job_queue(job=job, task=task):
        job.refresh_from_db()  # the immediate backend ran it here: its outcome is in the row
    return job


@transaction.atomic
def job_retry(*, job: Job, role: ProjectRole, by: User) -> Job:
    """Queue a failed job again, with its attempts counted afresh."""
    if not job_retry_allowed(role=role, user_id=by.pk, created_by_id=job.created_by_id, need=job.need):
        raise PermissionDenied("Only the project lead, or whoever started it, can try this again.")
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise ValidationError("Only work that has failed can be tried again.", code="not_failed")
    job.status, job.attempts, job.run_after, job.finished_at = JobStatus.QUEUED, 0, None, None
    job.save(update_fields=["status", "attempts", "run_after", "finished_at", "updated_at"])
    audit_record(
        action="jobs.job.retried",
        by=by,
        obj=job,
        project_id=job.project_id,
        object_repr=job.label,
        changes={"kind": job.kind, "last_error": job.error[:200]},
    )
    if job_queue(job=job, task=import_string(job.task_path)):
        job.refresh_from_db()
    return job


def job_recover(*, worker_id: str = "") -> int:
    """Queue again the jobs a stopped worker left running; return how many.

    A job is left running when its lease has passed, or, given `worker_id` (a worker starting again under
    the same id), when that worker was running it. The attempt counts: one that stops its worker every time
    fails after its last attempt, with the reason shown."""
    now = timezone.now()
    stale = list(
        Job.objects.filter(status=JobStatus.RUNNING, lease_until__lt=now).values_list("pk", flat=True)
    )
    if worker_id:
        stale += _running_under(worker_id)
    recovered = 0
    for job_id in sorted(set(stale)):
        recovered += _recover_one(job_id)
    return recovered


def _running_under(worker_id: str) -> list[int]:
    """Jobs whose current task the database worker `worker_id` had claimed and not finished."""
    from django_tasks_db.models import DBTaskResult  # only with the database backend

    task_ids = [
        str(pk)
        for pk, workers in DBTaskResult.objects.filter(status="RUNNING").values_list("id", "worker_ids")
        if workers and workers[-1] == worker_id
    ]
    return list(
        Job.objects.filter(status=JobStatus.RUNNING, task_result_id__in=task_ids).values_list("pk", flat=True)
    )


def _recover_one(job_id: int) -> int:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=JobStatus.RUNNING).first()
        if job is None:
            return 0
        _close_task_result(job)
        again = job.attempts < job.max_attempts
        job.status = JobStatus.QUEUED if again else JobStatus.FAILED
        job.error, job.lease_until = STOPPED_REASON, None
        job.finished_at = None if again else timezone.now()
        job.save(update_fields=["status", "error", "lease_until", "finished_at", "updated_at"])
        audit_record(
            action="jobs.job.recovered" if again else "jobs.job.failed",
            by=None,
            obj=job,
            project_id=job.project_id,
            object_repr=job.label,
            changes={"kind": job.kind, "attempts": job.attempts},
        )
        if again:
            job_queue(job=job, task=import_string(job.task_path), run_after=job.run_after)
    logger.warning("Job %s (%s) was left running by a stopped worker", job.pk, job.kind)
    return 1


def _close_task_result(job: Job) -> None:
    """Mark the stopped worker's record of the task failed, so that it is not counted as running."""
    if not job.task_result_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=job.task_result_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )


@transaction.atomic
def job_prune(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete result files older than JOB_RESULT_DAYS and finished jobs older than JOB_KEEP_DAYS."""
    now = now or timezone.now()
    files = 0
    old_results = now - dt.timedelta(days=settings.JOB_RESULT_DAYS)
    for job in Job.objects.filter(finished_at__lt=old_results).exclude(result_file=""):
        stored_file_delete(job.result_file)
        Job.objects.filter(pk=job.pk).update(result_file="")
        files += 1
    old_jobs = now - dt.timedelta(days=settings.JOB_KEEP_DAYS)
    rows = Job.objects.filter(finished_at__lt=old_jobs).exclude(status__in=ACTIVE)
    for job in rows.exclude(result_file=""):
        stored_file_delete(job.result_file)
    deleted, _ = rows.delete()
    return files, deleted


def job_results_discard_quoting(*, project: Project, by: User | None) -> int:
    """Delete the kept files of the project's jobs that may quote people (report files), once the commit
    succeeds; return how many. Called when someone withdraws consent: a file made before may quote them, and
    is made again, without them, when next asked for."""
    jobs = list(Job.objects.filter(project=project, quotes_people=True).exclude(result_file=""))
    names = [str(job.result_file.name) for job in jobs]
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(result_file="", error=WITHDRAWN_REASON)
    if jobs:
        audit_record(
            action="jobs.files.discarded", by=by, project_id=project.pk, object_repr=f"{len(jobs)} file(s)",
            changes={"reason": "consent withdrawn"},
        )  # fmt: skip
        storage = jobs[0].result_file.storage

        def delete_files() -> None:
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return len(jobs)
