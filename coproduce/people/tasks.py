"""Register work done by the task worker: importing a large CSV file of organisations or people, as a job.

The upload waits in a `RegisterImport` row (coproduce/people/services/imports.py starts the job). Its rows
are checked and written in one transaction that also notes the upload imported, so an attempt that runs
again after a worker stopped finds it done and imports nothing twice. A file with problems in its rows
fails, not to be tried again, with each problem listed on the job's page as the upload form lists them.
"""

from django.tasks import task
from django.urls import reverse

from coproduce.jobs.models import Job
from coproduce.jobs.runner import JobError, JobOutcome, Progress, job_attempt

from .models import RegisterImport, RegisterImportKind

GONE = "The uploaded file is no longer kept, so it cannot be imported. Upload it again."
PROBLEMS_KEPT = 200  # as many as the upload form lists


def _outcome(upload: RegisterImport) -> JobOutcome:
    kind = RegisterImportKind(upload.kind)
    nouns = {RegisterImportKind.ORGANISATIONS: "organisation", RegisterImportKind.PEOPLE: "person"}
    noun = nouns[kind] if upload.created == 1 else kind.label
    target = (
        "people:organisation_list" if kind == RegisterImportKind.ORGANISATIONS else "people:stakeholder_list"
    )
    return JobOutcome(
        summary={
            "message": f"Imported {upload.created:,} {noun} from {upload.filename}.",
            "kind": kind.value,
            "created": upload.created,
        },
        next_url=reverse(target, kwargs={"project_id": upload.project.public_id}),
        forget_arguments=True,
    )


def _problems_error(problems: list[str], rows: list[dict[str, object]]) -> JobError:
    if problems:  # the file as a whole (it was readable when uploaded, so this is rare)
        return JobError(f"Nothing was imported. {' '.join(problems)}", retry=False)
    count = "1 problem" if len(rows) == 1 else f"{len(rows):,} problems"
    reason = f"Nothing was imported. The file has {count}. Fix them and upload the file again."
    return JobError(reason, retry=False, problems=rows[:PROBLEMS_KEPT])


def _import(job: Job, progress: Progress) -> JobOutcome:
    # The services queue this module's task, so they are imported when the work runs.
    from .services.imports import register_import_complete, register_import_discard

    upload = (
        RegisterImport.objects.select_related("project")
        .filter(project=job.project, public_id=job.arguments.get("upload"))
        .first()
    )
    if upload is None:
        raise JobError(GONE, retry=False)
    try:
        upload, result = register_import_complete(upload=upload, by=job.created_by, progress=progress)
    except Exception:
        if job.attempts >= job.max_attempts:
            register_import_discard(upload=upload, reason="The import failed on its last attempt.")
        raise
    if result is not None and not result.ok:
        rows = [{"line": e.line, "column": e.column, "message": e.message} for e in result.errors]
        error = _problems_error(result.file_errors, rows)
        register_import_discard(upload=upload, reason=error.message)
        raise error
    return _outcome(upload)


@task()
def register_import_job(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=register_import_job, work=_import)
