"""The jobs with the database task queue and its worker, as in production."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.runner import RETRY_DELAYS
from coproduce.jobs.services import job_retry, job_start
from coproduce.projects.permissions import Need, ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .sample_tasks import sample_job

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_database_queue"),
]


@pytest.fixture
def _database_queue():
    queues = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}
    with override_settings(TASKS=queues):
        yield


def _start(**plan):
    lead = MembershipFactory(role=ProjectRole.LEAD)
    return job_start(
        project=lead.project, task=sample_job, kind="tests.sample", label="A sample", need=Need.VIEW_PROJECT,
        by=lead.user, arguments=plan,
    )  # fmt: skip


def _work(worker_id: str = "worker-1") -> None:
    call_command("jobs_worker", worker_id=worker_id, batch=True, interval=0.01)


def test_a_job_and_its_task_are_saved_together_or_not_at_all():
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        _start()
        raise Abandoned
    assert not Job.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_worker_runs_a_queued_job():
    job = _start(file=True)
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.get().status == "READY"
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result_file.read() == b"%PDF-1.4\n"


def test_a_failure_waits_before_the_next_attempt():
    job = _start(unexpected_failures=1)
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert job.run_after is not None
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert waiting.run_after >= job.run_after


def test_a_worker_killed_mid_job_runs_it_again_when_it_starts_again():
    job = _start()
    # The worker "worker-7" claimed the task and the job, then was killed: both are left running.
    task_result = DBTaskResult.objects.get()
    task_result.claim("worker-7")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    _work("worker-7")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2
    task_result.refresh_from_db()
    assert task_result.status == "FAILED"  # the killed worker's record no longer counts as running


def test_another_workers_running_job_is_not_taken():
    job = _start()
    DBTaskResult.objects.get().claim("worker-3")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    _work("worker-4")
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def _job_reads(run) -> int:
    """How many times `run()` reads a job's row."""
    with CaptureQueriesContext(connection) as queries:
        run()
    return sum(query["sql"].startswith('SELECT "jobs_job".') for query in queries.captured_queries)


def test_starting_or_retrying_a_job_reads_no_job_row_back():
    jobs: list[Job] = []
    assert _job_reads(lambda: jobs.append(_start(refuse=True))) == 0
    job = jobs[0]
    assert job.status == JobStatus.QUEUED and job.task_result_id == str(DBTaskResult.objects.get().pk)
    sample_job.call(job_id=job.pk)  # refused: failed, not to be tried again
    job.refresh_from_db()
    lead = job.created_by
    assert lead is not None
    # the retry reads the row once, locked, to check it has failed
    assert _job_reads(lambda: jobs.append(job_retry(job=job, role=ProjectRole.LEAD, by=lead))) == 1
    assert jobs[1].status == JobStatus.QUEUED and jobs[1].attempts == 0 and jobs[1].run_after is None


def test_a_failed_attempt_queues_the_next_without_reading_the_job_again():
    job = _start(unexpected_failures=2)
    # the claim reads the row, and so does the sample work; nothing else does
    assert _job_reads(lambda: sample_job.call(job_id=job.pk)) == 2


@pytest.mark.parametrize("failures", [1, 2])
def test_the_next_attempt_waits_30_seconds_then_2_minutes(failures):
    job = _start(unexpected_failures=failures)
    for _ in range(failures):
        Job.objects.filter(pk=job.pk).update(run_after=None)  # the wait before this attempt is over
        before = timezone.now()
        sample_job.call(job_id=job.pk)
        after = timezone.now()
    job.refresh_from_db()
    delay = RETRY_DELAYS[failures - 1]
    assert delay == [dt.timedelta(seconds=30), dt.timedelta(minutes=2)][failures - 1]
    assert (job.status, job.attempts, job.lease_until) == (JobStatus.QUEUED, failures, None)
    assert job.run_after is not None and before + delay <= job.run_after <= after + delay
    waiting = DBTaskResult.objects.get(status="READY", pk=job.task_result_id)
    assert waiting.run_after == job.run_after
