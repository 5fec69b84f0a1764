"""Suggested redactions for pseudonymising a transcript, and applying the ones a researcher accepts.

Suggestions come from the personal-data detector (`coproduce.people.personal_data`: names in the stakeholder
register, email addresses, UK phone numbers, postcodes and street addresses) and, when spaCy and an English
model are installed, from its named-entity recogniser. They never overlap: the longest wins.

`apply_redactions` returns the redacted text and an `OffsetMap`, which translates offsets between the original
and the redacted text, so that passages coded on one can be found in the other.
"""

import functools
import importlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from coproduce.people.personal_data import (
    OTHER_PERSON,
    KnownName,
    Suggestion,
    known_name_matches,
    pattern_matches,
    without_overlaps,
)

__all__ = [
    "KnownName",
    "OffsetMap",
    "Suggestion",
    "apply_redactions",
    "pattern_matches",
    "suggest_redactions",
]

Bias = Literal["start", "end"]
_NER_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
_NER_CHUNK = 100_000


def suggest_redactions(
    *, text: str, known_names: Sequence[KnownName], find_other_names: bool = True
) -> list[Suggestion]:
    """Non-overlapping suggestions in text order; where candidates overlap, the longest is kept."""
    candidates = [*known_name_matches(text, known_names), *pattern_matches(text)]
    if find_other_names:
        candidates.extend(other_person_names(text))
    return without_overlaps(candidates)


def other_person_names(text: str) -> list[Suggestion]:
    """People's names found by spaCy's recogniser; nothing when spaCy or an English model is not installed."""
    nlp = _ner_pipeline()
    if nlp is None:
        return []
    found: list[Suggestion] = []
    for offset, chunk in _chunks(text):
        for entity in nlp(chunk).ents:
            if entity.label_ == "PERSON":
                start, end = offset + entity.start_char, offset + entity.end_char
                found.append(
                    Suggestion(
                        start, end, text[start:end], OTHER_PERSON, "[person]", "a name not in the register"
                    )
                )
    return found


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Pieces short enough for the recogniser, cut at blank lines where possible."""
    start = 0
    while start < len(text):
        end = min(len(text), start + _NER_CHUNK)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            end = cut + 2 if cut > start else end
        yield start, text[start:end]
        start = end


@functools.cache
def _ner_pipeline() -> Callable[[str], Any] | None:
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        return None
    for model in _NER_MODELS:
        try:
            pipeline: Callable[[str], Any] = spacy.load(model)
        except OSError:
            continue
        return pipeline
    return None


@dataclass(frozen=True)
class OffsetMap:
    """Where each applied redaction sits: (original start, original end, redacted start, redacted end).

    Outside redactions the texts match character for character. An offset inside a redaction maps to the
    start or the end of the other side's span, as `bias` says, so a span always maps to a span covering it.
    """

    spans: tuple[tuple[int, int, int, int], ...]
    original_length: int
    redacted_length: int
    _original_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _redacted_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_original_starts", tuple(span[0] for span in self.spans))
        object.__setattr__(self, "_redacted_starts", tuple(span[2] for span in self.spans))

    def to_redacted(self, offset: int, *, bias: Bias = "start") -> int:
        _check(offset, self.original_length)
        index = bisect_right(self._original_starts, offset) - 1
        if index < 0:
            return offset
        start, end, new_start, new_end = self.spans[index]
        if offset == start:
            return new_start
        if offset < end:
            return new_start if bias == "start" else new_end
        return new_end + offset - end

    def to_original(self, offset: int, *, bias: Bias = "start") -> int:
        _check(offset, self.redacted_length)
        low = bisect_left(self._redacted_starts, offset)
        base = offset
        if low:
            start, end, _new_start, new_end = self.spans[low - 1]
            if offset < new_end:
                return start if bias == "start" else end
            base = end + offset - new_end
        high = bisect_right(self._redacted_starts, offset)
        if bias == "start" or high == low:
            return base
        start, end, _new_start, new_end = self.spans[high - 1]
        return start if new_end > offset else end

    def span_to_redacted(self, start: int, end: int) -> tuple[int, int]:
        return self.to_redacted(start, bias="start"), self.to_redacted(end, bias="end")

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start, bias="start"), self.to_original(end, bias="end")

    def as_list(self) -> list[list[int]]:
        """For storing as JSON; `OffsetMap.from_list` reads it back."""
        return [[self.original_length, self.redacted_length], *(list(span) for span in self.spans)]

    @classmethod
    def from_list(cls, data: Sequence[Sequence[int]]) -> "OffsetMap":
        lengths, *spans = data
        return cls(tuple((a, b, c, d) for a, b, c, d in spans), lengths[0], lengths[1])


def _check(offset: int, length: int) -> None:
    if not 0 <= offset <= length:
        raise ValueError(f"offset {offset} is outside the text (0 to {length})")


def apply_redactions(text: str, accepted: Sequence[Suggestion]) -> tuple[str, OffsetMap]:
    """The text with each accepted suggestion replaced, and the map between the two texts' offsets."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    position = length = 0
    for suggestion in sorted(accepted, key=lambda s: s.start):
        if suggestion.start < position or suggestion.end <= suggestion.start or suggestion.end > len(text):
            raise ValueError(f"redactions overlap or are empty at offset {suggestion.start}")
        if text[suggestion.start : suggestion.end] != suggestion.text:
            raise ValueError(
                f"the text at offset {suggestion.start} has changed since the suggestion was made"
            )
        pieces.append(text[position : suggestion.start])
        length += suggestion.start - position
        spans.append((suggestion.start, suggestion.end, length, length + len(suggestion.replacement)))
        pieces.append(suggestion.replacement)
        length += len(suggestion.replacement)
        position = suggestion.end
    pieces.append(text[position:])
    redacted = "".join(pieces)
    return redacted, OffsetMap(tuple(spans), len(text), len(redacted))
