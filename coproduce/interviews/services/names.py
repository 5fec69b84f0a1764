"""Looking for names to suggest redacting, by the task worker (coproduce/interviews/tasks.py).

Importing a transcript and "Look for names again" start a job and return at once; the transcript's
`names_pending_since` is set until the job has stored its suggestions, and while it is set the transcript
cannot be marked pseudonymised or downloaded (`names_require_found`). Looking again takes the pseudonymised
mark away while it looks, and puts it back as it was if nothing new is found.

The job finds the names outside any transaction (it takes seconds), then stores them in one transaction that
locks the transcript and checks that it still exists, that this job is still the one it waits for, and that
the text it read is still the text; so a retried attempt, a deleted transcript or a changed text never gets
suggestions twice or in the wrong place.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.jobs.models import ACTIVE, Job
from coproduce.jobs.services import job_start
from coproduce.projects.permissions import Need

from ..models import Redaction, Transcript
from ..redaction import NAMES_PENDING, Suggestion, suggest_redactions
from ..selectors.redactions import known_names, names_waiting_for
from ..tasks import transcript_names_find

KIND = "interviews.names"


def names_require_found(*, transcript: Transcript) -> None:
    """Refuse what needs every suggestion to be there (the pseudonymised mark, a download) while names are
    still being looked for."""
    if transcript.names_pending:
        raise ValidationError(NAMES_PENDING, code="names_pending")


def names_look_start(
    *, transcript: Transcript, by: User | None, restore_mark: datetime.datetime | None
) -> Job:
    """Start the job that looks for names; the caller has set `names_pending_since` in its transaction."""
    job = job_start(
        project=transcript.interview.project,
        task=transcript_names_find,
        kind=KIND,
        label=f"Looking for names in the transcript of {transcript.interview.stakeholder.code}",
        need=Need.MANAGE_INTERVIEWS,
        by=by,
        arguments={
            "transcript": transcript.pk,
            "since": transcript.names_pending_since.isoformat() if transcript.names_pending_since else None,
            "restore_mark": restore_mark.isoformat() if restore_mark else None,
        },
    )
    # The immediate backend (tests) has already run the job: only the link to it is written here.
    Transcript.objects.filter(pk=transcript.pk).update(names_job=job)
    transcript.refresh_from_db(fields=["names_job", "names_pending_since", "redaction_done_at"])
    return job


@transaction.atomic
def redactions_suggest_again(*, transcript: Transcript, by: User) -> Job:
    """Look for names again, for when the register has changed or the name-finding model has been installed.

    Until the job has looked, a transcript marked as pseudonymised is not: the team does not read, and
    nothing exports, a text with names nobody has checked. The mark comes back if nothing new is found.
    """
    transcript = (
        Transcript.objects.select_for_update(of=("self",)).select_related("names_job").get(pk=transcript.pk)
    )
    if transcript.original_cleared_at is not None:
        raise ValidationError(
            "The original text has been deleted under the retention policy, so redactions are fixed"
        )
    if transcript.names_pending and transcript.names_job and transcript.names_job.status in ACTIVE:
        raise ValidationError("Names are already being looked for in this transcript", code="names_pending")
    was_done = transcript.redaction_done_at
    transcript.redaction_done_at, transcript.names_pending_since = None, timezone.now()
    transcript.save(update_fields=["redaction_done_at", "names_pending_since", "updated_at"])
    transcript_audit(
        transcript, by, "interviews.redaction.suggested_again", {"pseudonymised_mark_removed": bool(was_done)}
    )
    return names_look_start(transcript=transcript, by=by, restore_mark=was_done)


@dataclass(frozen=True)
class NamesStored:
    """What a job left: how many suggestions it added, and whether the pseudonymised mark came back."""

    suggestions: int
    mark_restored: bool = False


def names_find(*, transcript: Transcript) -> list[Suggestion]:
    """Every suggestion for the transcript's original text as it is now (slow: the name-finding model)."""
    return suggest_redactions(
        text=transcript.original_text, known_names=known_names(interview=transcript.interview)
    )


@transaction.atomic
def names_found_store(
    *, transcript_id: int, job: Job, text: str, found: list[Suggestion]
) -> NamesStored | None:
    """Store what the job found in `text`, unless the transcript is gone, no longer waits for this job, or
    its text is no longer `text` (None then: nothing is written). Suggestions never overlap a redaction
    made, kept or suggested meanwhile."""
    transcript = (
        Transcript.objects.select_for_update()
        .select_related("interview__stakeholder")
        .filter(pk=transcript_id)
        .first()
    )
    if transcript is None or not names_waiting_for(transcript=transcript, job=job):
        return None
    if transcript.original_text != text:
        return None
    added = _suggestions_add(transcript, found)
    restore = job.arguments.get("restore_mark")
    mark_restored = bool(restore) and not added
    transcript.names_pending_since = None
    if mark_restored:
        transcript.redaction_done_at = datetime.datetime.fromisoformat(restore)
    transcript.save(update_fields=["names_pending_since", "redaction_done_at", "updated_at"])
    changes = {"suggestions": added, "pseudonymised_mark_restored": mark_restored}
    transcript_audit(transcript, job.created_by, "interviews.redaction.suggested", changes)
    return NamesStored(added, mark_restored)


@transaction.atomic
def names_pending_end(*, transcript_id: int, job: Job, reason: str) -> bool:
    """Stop waiting for names in a transcript whose original text was deleted under the retention policy
    (its redactions are fixed, so there is nothing to suggest); False when it does not wait for this job."""
    transcript = Transcript.objects.select_for_update().filter(pk=transcript_id).first()
    if transcript is None or not names_waiting_for(transcript=transcript, job=job):
        return False
    transcript.names_pending_since = None
    transcript.save(update_fields=["names_pending_since", "updated_at"])
    transcript_audit(transcript, job.created_by, "interviews.redaction.not_suggested", {"reason": reason})
    return True


def redactions_suggest(*, transcript: Transcript) -> int:
    """Store suggested redactions of the original text now (in the caller's transaction), except where a
    redaction (made, kept or suggested) already is; returns how many. For work already on the worker."""
    return _suggestions_add(transcript, names_find(transcript=transcript))


def _suggestions_add(transcript: Transcript, found: list[Suggestion]) -> int:
    taken = list(transcript.redactions.values_list("start", "end"))
    new = [s for s in found if not any(start < s.end and s.start < end for start, end in taken)]
    Redaction.objects.bulk_create(_redaction(transcript, s) for s in new)
    return len(new)


def _redaction(transcript: Transcript, suggestion: Suggestion) -> Redaction:
    return Redaction(
        transcript=transcript,
        start=suggestion.start,
        end=suggestion.end,
        original=suggestion.text[:500],
        replacement=suggestion.replacement[:100],
        kind=suggestion.kind,
        reason=suggestion.reason[:200],
    )


def transcript_audit(
    transcript: Transcript, by: User | None, action: str, changes: dict[str, Any] | None = None
) -> None:
    """The audit row of a change to a transcript's redactions, named by the interviewee's code."""
    audit_record(
        action=action,
        by=by,
        obj=transcript,
        project_id=transcript.interview.project_id,
        object_repr=transcript.interview.stakeholder.code,
        changes=changes,
    )


def names_look_now(*, transcript: Transcript) -> None:
    """Run the transcript's waiting job here and now rather than on the worker (the demo data command); the
    worker then finds it done and leaves it."""
    if transcript.names_job_id is not None:
        transcript_names_find.call(job_id=transcript.names_job_id)
    transcript.refresh_from_db()
