"""Reads of background jobs, scoped to a project."""

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from coproduce.projects.models import Project

from .models import EMAIL_KIND, Job, JobStatus, OutboxMessage
from .progress import progress_key


@dataclass(frozen=True)
class JobProgress:
    done: int
    total: int
    note: str

    @property
    def percent(self) -> int | None:
        return min(100, self.done * 100 // self.total) if self.total else None


def job_get(*, project: Project, job_id: uuid.UUID | str) -> Job:
    job = Job.objects.filter(project=project, public_id=job_id).select_related("created_by").first()
    if job is None:
        raise Http404("No such job.")
    return job


def job_list(*, project: Project, limit: int = 100) -> QuerySet[Job]:
    return Job.objects.filter(project=project).select_related("created_by")[:limit]


def job_failed_count(*, project: Project) -> int:
    return Job.objects.filter(project=project, status=JobStatus.FAILED).count()


def job_progress(*, job: Job) -> JobProgress | None:
    """How far a running job has got, as its work last reported (None if it has not said)."""
    if job.status != JobStatus.RUNNING:
        return None
    stored = cache.get(progress_key(job.pk))
    if not isinstance(stored, dict):
        return None
    return JobProgress(done=int(stored["done"]), total=int(stored["total"]), note=str(stored["note"]))


def email_waiting_for(*, project_id: int, address: str, stakeholder_id: int) -> QuerySet[Job]:
    """The project's messages that still hold their text (waiting, or failed) for this person: sent to
    their address, or queued about them. A delivered message keeps no address, so it is not among them."""
    address = address.strip().lower()
    held = Job.objects.filter(project_id=project_id, kind=EMAIL_KIND, arguments__has_key="to").only(
        "pk", "arguments"
    )
    ids = [
        job.pk
        for job in held
        if job.arguments.get("stakeholder") == stakeholder_id
        or (address and str(job.arguments.get("to", "")).lower() == address)
    ]
    return Job.objects.filter(pk__in=ids).order_by("created_at", "id")


def outbox_message_list(*, project: Project | None) -> QuerySet[OutboxMessage]:
    """The project's kept messages (MAIL_OUTBOX), newest first; with no project, every message (staff)."""
    messages = OutboxMessage.objects.select_related("project").order_by("-sent_at", "-id")
    return messages.filter(project=project) if project is not None else messages
