"""Long work the team asked for (a report build, an import, an email), run by a task worker.

A `Job` is what people see of it: what it is, how far it has got, whether it worked, why not, and its result.
The task queue (django.tasks) only carries the job's id; the job row is the record. See
docs/adr/0007-task-layer.md.
"""

from django.conf import settings
from django.db import models

from coproduce.core.models import BaseModel
from coproduce.projects.models import Project


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
EMAIL_KIND = "email"  # a job that delivers one message (email.py)


def _result_path(job: "Job", filename: str) -> str:
    return f"jobs/{job.public_id}/{filename}"


class Job(BaseModel):
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=64, help_text="What sort of work, e.g. reports.pdf")
    label = models.CharField(max_length=200, help_text="What the team sees, e.g. “The report as PDF”")
    need = models.CharField(max_length=40, help_text="The permission needed to see it and its result")
    task_path = models.CharField(max_length=200, help_text="The task that runs it")
    arguments = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    error = models.TextField(blank=True, help_text="Why the last attempt failed, in plain words")
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    lease_seconds = models.PositiveIntegerField(default=15 * 60)
    lease_until = models.DateTimeField(null=True, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to=_result_path, max_length=255, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    quotes_people = models.BooleanField(
        default=False, help_text="Its file may quote people: it is removed when anyone withdraws consent"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["project", "-created_at"], name="job_project_recent"),
            models.Index(fields=["status", "lease_until"], name="job_status_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int | None:
        if self.progress_total and self.status == JobStatus.RUNNING:
            return min(100, self.progress_done * 100 // self.progress_total)
        return None


class OutboxMessage(models.Model):
    """A copy of a message the site sent, kept only where the mail outbox is on (MAIL_OUTBOX, the demo's
    settings): the demo's "Mail outbox" page shows it, so that invitations and personal links can be followed
    without a mail server. Production keeps none (docs/deploy.md)."""

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    to = models.CharField(max_length=254)
    from_email = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    has_html = models.BooleanField(default=False)
    stakeholder_id = models.BigIntegerField(null=True, blank=True, help_text="The person it is about")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
