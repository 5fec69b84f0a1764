"""Checks that every app's background job passes: an attempt that a stopped worker left is run again and does
its work once, and the job's pages are seen only by those whose role may see them.

    job = stopped_then_recovered(monkeypatch, start=..., task=app_import_job, stop_in=AFTER_COMMIT)
    assert_seen_only_by(client, project=project, urls=[job_url, report_url], role=role, status=status)
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.tasks import Task
from django.test import Client, override_settings
from django.utils import timezone

from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.services import job_recover
from coproduce.projects.models import Project
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

# A queue that keeps the task waiting, as the worker's does until it takes it: the test runs it itself.
WAITING_QUEUE = {
    "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "email"]}
}
AFTER_COMMIT = "coproduce.jobs.runner._succeeded"  # the work is committed, its job not yet marked done


class WorkerStopped(BaseException):
    """Not an Exception: nothing in the job catches it, as with a killed worker."""


def _stop(*args: Any, **kwargs: Any) -> None:
    raise WorkerStopped


def stopped_then_recovered(
    monkeypatch: pytest.MonkeyPatch, *, start: Callable[[], Job], task: Task[Any, Any], stop_in: str
) -> Job:
    """Start a job on a queue that waits, run its first attempt until the worker "stops" on calling `stop_in`
    (a dotted path), then let the lease pass and recover it, which runs it again; return it as it ends."""
    with override_settings(TASKS=WAITING_QUEUE):
        job = start()
        assert job.status == JobStatus.QUEUED
        with monkeypatch.context() as patch:
            patch.setattr(stop_in, _stop)
            with pytest.raises(WorkerStopped):
                task.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    assert job_recover() == 1
    job.refresh_from_db()
    return job


def assert_seen_only_by(
    client: Client, *, project: Project, urls: Sequence[str], role: ProjectRole, status: int
) -> None:
    """A member of `project` with `role` gets `status` from each of `urls`; another project's lead, 404."""
    client.force_login(MembershipFactory(project=project, role=role).user)
    assert [client.get(url).status_code for url in urls] == [status] * len(urls)
    client.force_login(MembershipFactory(role=ProjectRole.LEAD).user)
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
