"""Interview work done by the task worker: looking for names to suggest redacting in a transcript, as a job
started by its import or by "Look for names again" (coproduce/interviews/services/names.py).

The job's result is a count: it never quotes the names it found, so consent withdrawn while it waits needs no
clean-up (it is not `quotes_people`); the suggestions it stores help hide the person.
"""

from django.tasks import task
from django.urls import reverse

from coproduce.jobs.models import Job
from coproduce.jobs.runner import JobError, JobOutcome, Progress, job_attempt

from .models import RedactionStatus, Transcript
from .selectors.redactions import names_waiting_for

GONE = "The transcript has been removed, so there was nothing to look through."
ALREADY = (
    "The transcript no longer waits for this search for names (it was done already), so nothing was added."
)
CLEARED = "The original text was deleted under the retention policy, so its redactions are fixed."
CHANGED = "The transcript's text changed while names were being looked for. It will be looked through again."


def _outcome(transcript: Transcript, message: str) -> JobOutcome:
    interview = transcript.interview
    kwargs = {"project_id": interview.project.public_id, "interview_id": interview.public_id}
    return JobOutcome(
        summary={"message": message}, next_url=reverse("interviews:transcript_redact", kwargs=kwargs)
    )


def _find(job: Job, progress: Progress) -> JobOutcome:
    # The services queue this module's task, so they are imported when the work runs.
    from .services.names import names_find, names_found_store, names_pending_end

    transcript_id = int(job.arguments["transcript"])
    transcript = (
        Transcript.objects.select_related("interview__project", "interview__stakeholder")
        .filter(pk=transcript_id, interview__project=job.project)
        .first()
    )
    if transcript is None:
        return JobOutcome(summary={"message": GONE})
    if not names_waiting_for(transcript=transcript, job=job):
        return _outcome(transcript, _to_check(transcript, ALREADY))
    if transcript.original_cleared_at is not None:
        names_pending_end(transcript_id=transcript_id, job=job, reason="original deleted")
        return _outcome(transcript, CLEARED)
    progress(0, 0, "Looking for names")
    text = transcript.original_text
    found = names_find(transcript=transcript)
    stored = names_found_store(transcript_id=transcript_id, job=job, text=text, found=found)
    if stored is None:
        return _not_stored(job, transcript_id)
    message = f"Found {stored.suggestions} new suggestion{'s' if stored.suggestions != 1 else ''} to check."
    if stored.mark_restored:
        message += " The transcript is marked as pseudonymised again."
    return _outcome(transcript, message)


def _not_stored(job: Job, transcript_id: int) -> JobOutcome:
    """Why the suggestions were not stored: the transcript went, another job took over, or its text changed
    (then the next attempt looks through the new text)."""
    transcript = Transcript.objects.select_related("interview__project").filter(pk=transcript_id).first()
    if transcript is None:
        return JobOutcome(summary={"message": GONE})
    if not names_waiting_for(transcript=transcript, job=job):
        return _outcome(transcript, _to_check(transcript, ALREADY))
    raise JobError(CHANGED)


def _to_check(transcript: Transcript, message: str) -> str:
    count = transcript.redactions.filter(status=RedactionStatus.SUGGESTED).count()
    return f"{message} {count} suggestion{'s' if count != 1 else ''} to check."


@task()
def transcript_names_find(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=transcript_names_find, work=_find)
