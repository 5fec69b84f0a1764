"""The report's PDF build in each state its page can show, for the browser tests (axe, screenshots)."""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.progress import progress_key
from coproduce.projects.models import Project

FAILURE = "An unexpected error stopped it (RuntimeError). It has been logged for the site's administrators."


def report_job_states(*, project: Project, by: User) -> dict[str, Job]:
    """A PDF build waiting, running (half way, as its work last said), done with its file, and failed."""

    def job(status: JobStatus, **fields: object) -> Job:
        return Job.objects.create(
            project=project, kind="reports.pdf", label="The report as PDF", need="view_project",
            task_path="coproduce.reports.tasks.report_pdf_build", status=status, created_by=by,
            arguments={"digest": "0" * 64}, **fields,
        )  # fmt: skip

    now = timezone.now()
    running = job(JobStatus.RUNNING, attempts=1, started_at=now)
    cache.set(progress_key(running.pk), {"done": 1, "total": 2, "note": "Laying out the pages of the PDF"})
    message = "The report as it was at 10:42 on 7 December 2026: 7 sections, 3 figures and 5 tables."
    done = job(
        JobStatus.SUCCEEDED, attempts=1, started_at=now, finished_at=now,
        result={
            "summary": {"message": message, "digest": "0" * 64},
            "next_url": reverse("reports:report_page", kwargs={"project_id": project.public_id}),
        },
        result_name="early-help-in-northfield.pdf", result_type="application/pdf",
    )  # fmt: skip
    done.result_file.save("report.pdf", ContentFile(b"%PDF-1.7\n"))
    failed = job(JobStatus.FAILED, attempts=3, error=FAILURE, finished_at=now)
    return {"waiting": job(JobStatus.QUEUED), "running": running, "done": done, "failed": failed}
