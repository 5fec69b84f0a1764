"""Tasks for the tests: their work does what the job's arguments say (fail some times, report progress)."""

from typing import Any

from django.tasks import task

from coproduce.jobs.models import Job
from coproduce.jobs.runner import JobError, JobOutcome, Progress, job_attempt
from coproduce.jobs.selectors import job_progress

calls: list[dict[str, Any]] = []


def _work(job: Job, progress: Progress) -> JobOutcome:
    plan = job.arguments
    progress(1, 4, "A quarter done")
    seen = job_progress(job=Job.objects.get(pk=job.pk))
    calls.append({"attempt": job.attempts, "progress_seen": seen})
    if job.attempts <= plan.get("unexpected_failures", 0):
        raise RuntimeError("the disk was full")
    if plan.get("refuse"):
        raise JobError("The file is not a reference file.", retry=False)
    if plan.get("always_fail"):
        raise JobError("The mail server did not answer.")
    return JobOutcome(
        content=b"%PDF-1.4\n" if plan.get("file") else None,
        filename="report.pdf",
        content_type="application/pdf",
        summary={"message": "Made the report"},
        forget_arguments=bool(plan.get("forget")),
    )


@task()
def sample_job(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=sample_job, work=_work)
