"""The report files the worker has made or is making: the build a digest names, if there is one to reuse."""

from coproduce.jobs.models import ACTIVE, Job, JobStatus
from coproduce.projects.models import Project


def report_file_job(*, project: Project, kind: str, digest: str) -> Job | None:
    """The newest job of `kind` that is making, or made, the file named by `digest`: one waiting or running
    that was asked for with it, or one done whose file was made from it and is still kept. A failed job is
    never reused: asking again is trying again."""
    jobs = Job.objects.filter(project=project, kind=kind)
    active = jobs.filter(status__in=ACTIVE, arguments__digest=digest).first()
    if active is not None:
        return active
    done = jobs.filter(status=JobStatus.SUCCEEDED, result__summary__digest=digest).exclude(result_file="")
    for job in done[:5]:
        if job.result_file.name and job.result_file.storage.exists(job.result_file.name):
            return job
    return None
