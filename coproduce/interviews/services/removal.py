"""Removing an interview's transcript, with everything that points into its text.

The confirmation page shows what goes (selectors/removal.py) and carries the transcript's version, so a
transcript changed after the page was opened (a redaction, new speakers, a coding or memo added) is not
removed on an out-of-date count.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User

from ..models import Transcript
from ..selectors.removal import TranscriptLosses, transcript_losses, transcript_removal_version
from .names import transcript_audit

CHANGED = (
    "The transcript changed after this page was opened, so it has not been removed. "
    "Check what would be lost below and remove it again if you still want to."
)


@transaction.atomic
def transcript_remove(*, transcript: Transcript, by: User, version: str | None) -> TranscriptLosses:
    """Delete the transcript, its turns, redactions, codings, quotes and memos; returns what went.

    `version` is the transcript's version as the confirmation page showed it; a different one changes
    nothing. The audit row records the counts, never the text.
    """
    locked = Transcript.objects.select_for_update().select_related("interview").get(pk=transcript.pk)
    if version is not None and version != transcript_removal_version(transcript=locked):
        raise ValidationError(CHANGED, code="stale")
    losses = transcript_losses(transcript=locked)
    changes = {"format": locked.format} | losses.as_dict()
    transcript_audit(locked, by, "interviews.transcript.removed", changes)
    locked.delete()
    return losses
