"""The report's public version as a PDF or a Word file, made by the task worker (docs/adr/0007-task-layer.md).

The team asks for a file on the report page (`services.report_file_request`); the job's page shows progress,
then the download. The work reads the project as it is when it runs, and records the digest of what it built
(`exports/builds.py`), so that asking again for an unchanged report reuses the file.
"""

from functools import partial
from typing import Any

from django.tasks import Task, task
from django.urls import reverse
from django.utils import dateformat, timezone

from coproduce.jobs.models import Job
from coproduce.jobs.runner import JobError, JobOutcome, Progress, job_attempt

from .document import Audience
from .exports.builds import DOCX, PDF, ReportFormat, report_digest, report_filename
from .selectors.document import report_document


def _build(job: Job, progress: Progress, *, file_format: ReportFormat) -> JobOutcome:
    project = job.project
    if project is None:
        raise JobError("The project this report belonged to has been deleted.", retry=False)
    progress(0, 2, "Putting together the sections, figures and tables")
    made = timezone.localtime()
    document = report_document(project=project, audience=Audience.PUBLIC)
    filename = report_filename(project=project, file_format=file_format)
    digest = report_digest(document=document, file_format=file_format, filename=filename)
    progress(1, 2, file_format.step)
    content = file_format.render(document)
    message = (
        f"The report as it was at {dateformat.format(made, 'H:i')} on {dateformat.format(made, 'j F Y')}: "
        f"{len(document.sections)} sections, {len(document.figures)} figures and {len(document.tables)} "
        "tables. Like every download, it shows only what may be made public."
    )
    return JobOutcome(
        content=content,
        filename=filename,
        content_type=file_format.content_type,
        summary={"message": message, "digest": digest},
        next_url=reverse("reports:report_page", kwargs={"project_id": project.public_id}),
    )


@task()
def report_pdf_build(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=report_pdf_build, work=partial(_build, file_format=PDF))


@task()
def report_docx_build(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=report_docx_build, work=partial(_build, file_format=DOCX))


BUILDS: dict[str, Task[Any, Any]] = {PDF.key: report_pdf_build, DOCX.key: report_docx_build}
