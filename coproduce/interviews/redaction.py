"""Suggested redactions for pseudonymising a transcript, and applying the ones a researcher accepts.

Suggestions come from the stakeholder register (people's full names, first names and surnames; organisations'
names), from patterns (email addresses, UK phone numbers, postcodes and street addresses) and from the local
named-entity model (`entities.py`: people, places and organisations outside the register). They never overlap:
a name the model found gives way to the register and the patterns, and otherwise the longest wins.

`apply_redactions` returns the redacted text and an `OffsetMap`, which translates offsets between the original
and the redacted text, so that passages coded on one can be found in the other.
"""

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from coproduce.people.personal_data import (
    KnownName,
    Suggestion,
    known_name_matches,
    pattern_matches,
    without_overlaps,
)

from .entities import ENTITY_KINDS, OTHER_PERSON, entities_find

__all__ = [
    "NAMES_PENDING",
    "OTHER_PERSON",
    "KnownName",
    "OffsetMap",
    "Suggestion",
    "apply_redactions",
    "pattern_matches",
    "suggest_redactions",
]

Bias = Literal["start", "end"]


def suggest_redactions(
    *, text: str, known_names: Sequence[KnownName], find_other_names: bool = True
) -> list[Suggestion]:
    """Non-overlapping suggestions in text order; where candidates overlap, the longest is kept.

    A name the model found that overlaps a register name or a pattern is left out, so that a person in the
    register always becomes their code.
    """
    candidates = [*known_name_matches(text, known_names), *pattern_matches(text)]
    if find_other_names:
        candidates.extend(_outside(candidates, found_names(text)))
    return without_overlaps(candidates)


def _outside(taken: list[Suggestion], found: list[Suggestion]) -> Iterator[Suggestion]:
    """The found names that overlap none of `taken` (both lists in any order)."""
    spans = sorted((s.start, s.end) for s in taken)
    starts = [start for start, _end in spans]
    reach = list(itertools.accumulate((end for _start, end in spans), max))
    for suggestion in found:
        index = bisect_left(starts, suggestion.end)  # spans starting before this one ends
        if not index or reach[index - 1] <= suggestion.start:
            yield suggestion


def found_names(text: str) -> list[Suggestion]:
    """People, places and organisations found by the local model; nothing when it is not installed."""
    found = []
    for entity in entities_find(text):
        about = ENTITY_KINDS[entity.label]
        words = text[entity.start : entity.end]
        found.append(Suggestion(entity.start, entity.end, words, about.kind, about.replacement, about.reason))
    return found


def context_around(text: str, start: int, end: int, *, words: int = 6) -> tuple[str, str]:
    """Up to `words` words either side of `text[start:end]`, on one line, with "…" where the text goes on.

    The space (if any) between the context and the words themselves is kept, so that they read as written.
    """
    window = 40 * words
    before = text[max(0, start - window) : start].split()
    after = text[end : end + window].split()
    if start > window and before:
        before = before[1:]  # the window may have cut this word
    if end + window < len(text) and after:
        after = after[:-1]
    lead = ("… " if len(before) > words or start > window else "") + " ".join(before[-words:])
    tail = " ".join(after[:words]) + (" …" if len(after) > words or end + window < len(text) else "")
    space_before = " " if start and text[start - 1].isspace() and lead else ""
    space_after = " " if end < len(text) and text[end].isspace() and tail else ""
    return lead + space_before, space_after + tail


def words_pattern(words: str) -> re.Pattern[str]:
    """Every place the words appear as whole words, ignoring case and how they are spaced or broken."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words.split())) + r"(?!\w)", re.IGNORECASE)


def same_words(one: str, other: str) -> bool:
    """The same words, ignoring case and spacing (as `words_pattern` finds them)."""
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


# What to say while names are still being looked for (at the pseudonymise step and exports).
NAMES_PENDING = "Names are still being looked for in this transcript: wait until its suggestions are ready"


def undecided_message(count: int) -> str:
    """What to say when suggested redactions are not decided yet (at the pseudonymise step and exports)."""
    if count == 1:
        return "1 suggested redaction has not been decided yet: redact it or keep it first"
    return f"{count} suggested redactions have not been decided yet: redact or keep each of them first"


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
