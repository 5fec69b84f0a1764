"""What replacing a transcript with a corrected file would keep and lose, worked out without saving anything.

Redactions are offsets into the original text and move with the words of the original; codings (other apps'
spans, read through `interviews.offsets`) are offsets into the pseudonymised text and move with its words
once the kept redactions are applied to the new file.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.versions import record_version

from ..formats import ParsedTranscript, TranscriptProblem, parse_transcript
from ..models import RedactionStatus, Transcript, TranscriptReplacement
from ..offsets import spans_held
from ..redaction import OffsetMap, Suggestion, apply_redactions
from ..text_changes import TextChange, text_change

Span = tuple[int, int]


@dataclass(frozen=True)
class PlannedCoding:
    pk: int
    code: str
    coder: str
    snippet: str
    moved_to: Span | None  # None: its words changed, so it is dropped


@dataclass(frozen=True)
class ReplacePlan:
    parsed: ParsedTranscript
    redactions: dict[int, Span | None]  # by pk: where each moves in the new original text, or dropped
    text: str
    offset_map: OffsetMap
    planned: list[PlannedCoding]  # other apps' spans in the text (interviews.offsets): codings
    version: str  # the transcript as planned against, and the new file
    working: TextChange  # where the words of the pseudonymised text stand in the new one

    @property
    def kept(self) -> list[PlannedCoding]:
        return [coding for coding in self.planned if coding.moved_to is not None]

    @property
    def lost(self) -> list[PlannedCoding]:
        return [coding for coding in self.planned if coding.moved_to is None]

    @property
    def redactions_lost(self) -> int:
        return sum(1 for span in self.redactions.values() if span is None)


def _parse(data: bytes, filename: str) -> ParsedTranscript:
    try:
        return parse_transcript(data=data, filename=filename)
    except TranscriptProblem as problem:
        raise ValidationError(f"{filename}: {problem}") from None


def transcript_replace_plan(*, transcript: Transcript, data: bytes, filename: str) -> ReplacePlan:
    """Parse the new file (ValidationError when it cannot be read) and say where everything would go."""
    if transcript.original_cleared_at is not None:
        raise ValidationError(
            "The original text has been deleted under the retention policy, so the transcript cannot be "
            "replaced: its redactions could not be placed in a new file"
        )
    parsed = _parse(data, filename)
    original = text_change(transcript.original_text, parsed.text)
    redactions = list(transcript.redactions.order_by("start", "pk"))
    moved = {r.pk: original.span(r.start, r.end) for r in redactions}
    accepted = [
        Suggestion(*span, parsed.text[span[0] : span[1]], r.kind, r.replacement, r.reason)
        for r in redactions
        if r.status == RedactionStatus.ACCEPTED and (span := moved[r.pk]) is not None
    ]
    text, offset_map = apply_redactions(parsed.text, accepted)
    working = text_change(transcript.text, text)
    held = spans_held(transcript)
    codings = [PlannedCoding(s.pk, s.label, s.by, s.snippet, working.span(s.start, s.end)) for s in held]
    seen = [
        record_version(transcript),
        sorted(transcript.redactions.values_list("pk", "start", "end", "status")),
        sorted((s.pk, s.start, s.end) for s in held),
        hashlib.sha256(data).hexdigest(),
    ]
    version = hashlib.sha256(repr(seen).encode()).hexdigest()[:16]
    return ReplacePlan(parsed, moved, text, offset_map, codings, version, working)


def transcript_replacement_get(*, transcript: Transcript, user: User) -> TranscriptReplacement | None:
    """The corrected file `user` last chose for `transcript`, kept between the preview and the confirmation;
    None once it has expired or been used."""
    kept = TranscriptReplacement.objects.filter(
        transcript=transcript, created_by=user, expires_at__gt=timezone.now()
    )
    return kept.order_by("-created_at", "-pk").first()
