"""What replacing a transcript with a corrected file would keep and lose, worked out without saving anything.

Redactions are offsets into the original text and move with the words of the original; codings are offsets
into the pseudonymised text and move with its words once the kept redactions are applied to the new file.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from coproduce.core.versions import record_version

from ..formats import ParsedTranscript, TranscriptProblem, parse_transcript
from ..models import RedactionStatus, Transcript
from ..redaction import OffsetMap, Suggestion, apply_redactions
from ..text_changes import text_change

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
    codings: list[PlannedCoding]
    version: str  # the transcript as planned against, and the new file

    @property
    def kept(self) -> list[PlannedCoding]:
        return [coding for coding in self.codings if coding.moved_to is not None]

    @property
    def lost(self) -> list[PlannedCoding]:
        return [coding for coding in self.codings if coding.moved_to is None]

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
    codings = [
        PlannedCoding(c.pk, c.code.name, str(c.coder or ""), c.snippet, working.span(c.start, c.end))
        for c in transcript.codings.select_related("code", "coder").order_by("start", "pk")
    ]
    seen = [
        record_version(transcript),
        sorted(transcript.redactions.values_list("pk", "start", "end", "status")),
        sorted(transcript.codings.values_list("pk", "start", "end")),
        hashlib.sha256(data).hexdigest(),
    ]
    version = hashlib.sha256(repr(seen).encode()).hexdigest()[:16]
    return ReplacePlan(parsed, moved, text, offset_map, codings, version)
