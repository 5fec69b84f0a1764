import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.runner import JobOutcome, job_attempt
from coproduce.jobs.services import STOPPED_REASON, job_recover, job_retry, job_start
from coproduce.projects.permissions import Need, ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from . import sample_tasks
from .sample_tasks import sample_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calls():
    sample_tasks.calls.clear()
    yield sample_tasks.calls


@pytest.fixture
def lead():
    return MembershipFactory(role=ProjectRole.LEAD)


def _start(lead, **plan):
    return job_start(
        project=lead.project, task=sample_job, kind="tests.sample", label="A sample", need=Need.VIEW_PROJECT,
        by=lead.user, arguments=plan,
    )  # fmt: skip


def test_a_job_runs_and_keeps_its_file_and_summary(lead):
    job = _start(lead, file=True)
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 1
    assert job.result["summary"] == {"message": "Made the report"}
    assert job.result_file.read() == b"%PDF-1.4\n"
    assert job.result_name == "report.pdf"


def test_progress_reported_by_the_work_is_seen_while_it_runs(lead, _calls):
    _start(lead)
    seen = _calls[0]["progress_seen"]
    assert (seen.done, seen.total, seen.note, seen.percent) == (1, 4, "A quarter done", 25)


def test_an_unexpected_failure_is_tried_again_until_it_works(lead, _calls):
    job = _start(lead, unexpected_failures=2)
    assert job.status == JobStatus.SUCCEEDED
    assert [call["attempt"] for call in _calls] == [1, 2, 3]
    assert job.error == ""


def test_a_job_that_fails_three_times_is_given_up_with_its_reason(lead, _calls):
    job = _start(lead, always_fail=True)
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    assert job.error == "The mail server did not answer."
    assert AuditEvent.objects.filter(action="jobs.job.failed", object_id=str(job.pk)).count() == 1


def test_an_unexpected_error_is_shown_without_its_details(lead):
    job = _start(lead, unexpected_failures=3)
    assert job.status == JobStatus.FAILED
    assert "RuntimeError" in job.error
    assert "disk" not in job.error  # the message may hold anything; it goes to the log only


def test_a_refusal_is_not_tried_again(lead, _calls):
    job = _start(lead, refuse=True)
    assert job.status == JobStatus.FAILED
    assert len(_calls) == 1
    assert job.error == "The file is not a reference file."


def test_running_a_finished_job_again_does_nothing(lead, _calls):
    job = _start(lead)
    job_attempt(job_id=job.pk, task=sample_job, work=sample_tasks._work)
    sample_job.call(job_id=job.pk)
    assert len(_calls) == 1


def test_arguments_can_be_forgotten_once_done(lead):
    job = _start(lead, forget=True)
    assert job.arguments == {}


def test_the_lead_retries_a_failed_job(lead, _calls):
    job = _start(lead, always_fail=True)
    Job.objects.filter(pk=job.pk).update(arguments={})
    job = job_retry(job=job, role=ProjectRole.LEAD, by=lead.user)
    assert job.status == JobStatus.SUCCEEDED
    assert AuditEvent.objects.filter(action="jobs.job.retried").count() == 1


def test_an_observer_who_did_not_start_it_may_not_retry(lead):
    job = _start(lead, always_fail=True)
    observer = MembershipFactory(project=lead.project, role=ProjectRole.OBSERVER).user
    with pytest.raises(PermissionDenied):
        job_retry(job=job, role=ProjectRole.OBSERVER, by=observer)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_whoever_started_it_may_retry(lead):
    researcher = MembershipFactory(project=lead.project, role=ProjectRole.RESEARCHER).user
    job = job_start(
        project=lead.project, task=sample_job, kind="tests.sample", label="A sample", need=Need.VIEW_PROJECT,
        by=researcher, arguments={"always_fail": True},
    )  # fmt: skip
    Job.objects.filter(pk=job.pk).update(arguments={})
    assert job_retry(job=job, role=ProjectRole.RESEARCHER, by=researcher).status == JobStatus.SUCCEEDED


def _left_running(job: Job, *, attempts: int) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=attempts, lease_until=timezone.now() - dt.timedelta(seconds=1)
    )


def test_a_job_whose_worker_stopped_runs_again(lead, _calls):
    job = _start(lead)
    _left_running(job, attempts=1)
    assert job_recover() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2


def test_a_job_that_stops_its_worker_every_time_fails_with_the_reason(lead):
    job = _start(lead)
    _left_running(job, attempts=3)
    job_recover()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == STOPPED_REASON


def test_a_running_job_within_its_lease_is_left_alone(lead):
    job = _start(lead)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, lease_until=timezone.now() + dt.timedelta(minutes=5)
    )
    assert job_recover() == 0


def test_a_job_deleted_while_it_runs_is_not_put_back(lead):
    # e.g. an email whose recipient was erased while the worker was sending it
    job = _start(lead)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)

    def work(running, progress):
        Job.objects.filter(pk=running.pk).delete()
        return JobOutcome(summary={"message": "Sent"})

    job_attempt(job_id=job.pk, task=sample_job, work=work)
    assert not Job.objects.filter(pk=job.pk).exists()


def test_old_files_and_long_finished_jobs_are_pruned(lead, settings, django_capture_on_commit_callbacks):
    from coproduce.jobs.services import job_prune

    settings.JOB_RESULT_DAYS, settings.JOB_KEEP_DAYS = 7, 90
    week_old, recent, ancient = _start(lead, file=True), _start(lead, file=True), _start(lead, file=True)
    now = timezone.now()
    Job.objects.filter(pk=week_old.pk).update(finished_at=now - dt.timedelta(days=8))
    Job.objects.filter(pk=ancient.pk).update(finished_at=now - dt.timedelta(days=91))
    stored, storage = str(week_old.result_file.name), week_old.result_file.storage
    with django_capture_on_commit_callbacks(execute=True):
        assert job_prune(now=now) == (2, 1)
    week_old.refresh_from_db()
    assert not week_old.result_file
    assert not storage.exists(stored)
    assert Job.objects.get(pk=recent.pk).result_file
    assert not Job.objects.filter(pk=ancient.pk).exists()


def test_a_file_store_that_cannot_be_written_fails_the_attempt_with_the_reason(lead, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def refuse(*args, **kwargs):
        raise OSError("read-only file system")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    job = _start(lead, file=True)
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("The file could not be saved because the file store cannot be written to")
