"""What removing a transcript would take with it, counted for the confirmation page and the audit row."""

import hashlib
from dataclasses import asdict, dataclass

from django.db.models import Count, Q

from coproduce.core.versions import record_version

from ..models import RedactionStatus, Transcript
from ..offsets import losses_held


@dataclass(frozen=True)
class TranscriptLosses:
    """Counts only: the audit row keeps these and never any of the text."""

    redactions: int
    suggestions: int
    codings: int = 0
    coders: int = 0
    quotes: int = 0
    memos: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def transcript_losses(*, transcript: Transcript) -> TranscriptLosses:
    """The codings (and how many people made them), theme quotes and memos (counted by the apps that hold
    them: `interviews.offsets`) and the redactions that go with it."""
    redactions = transcript.redactions.aggregate(
        redactions=Count("pk", filter=Q(status=RedactionStatus.ACCEPTED)),
        suggestions=Count("pk", filter=Q(status=RedactionStatus.SUGGESTED)),
    )
    return TranscriptLosses(**losses_held(transcript), **redactions)


def transcript_removal_version(*, transcript: Transcript) -> str:
    """The transcript's version together with what would be lost: a coding or memo added after the
    confirmation page was opened changes it too."""
    losses = transcript_losses(transcript=transcript)
    seen = f"{record_version(transcript)}:{sorted(losses.as_dict().items())}"
    return hashlib.sha256(seen.encode()).hexdigest()[:16]
