"""Other apps' offsets into a transcript's pseudonymised text, and how they follow the text when it changes.

An app that keeps spans of `Transcript.text` (analysis: codings) registers one `OffsetListener` from its
`AppConfig.ready()`. The interviews app then never reads or writes that app's models: a preview of a change
asks each listener for its spans (`spans`), and the service that changes the text tells each one where its
old spans now stand (`follow`), in the same transaction. Two changes reach the listeners: accepting or
rejecting a redaction (every span keeps its words), and replacing the transcript with a corrected file (a
span whose words changed has no place in the new text and is dropped). The page that removes a transcript
asks each listener what goes with it (`losses`); the database deletes those rows with the transcript.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Transcript

Span = tuple[int, int]


@dataclass(frozen=True)
class HeldSpan:
    """One span another app keeps in a transcript's text, as a preview lists it."""

    pk: int
    start: int
    end: int
    label: str  # what it is, e.g. the code's name
    by: str  # who made it
    snippet: str


@dataclass(frozen=True)
class TextMove:
    """How a transcript's pseudonymised text changed: `span(start, end)` is where the old span stands in the
    new text, or None when its words are gone; no span stands at `past` or after, in either text."""

    span: Callable[[int, int], Span | None]
    past: int


@dataclass(frozen=True)
class OffsetListener:
    spans: Callable[[Transcript], list[HeldSpan]]  # in text order
    follow: Callable[[Transcript, TextMove], None]  # called with the transcript's new text saved
    # What goes with the transcript when it is removed, counted by name (`selectors.removal.TranscriptLosses`)
    losses: Callable[[Transcript], dict[str, int]]


_listeners: list[OffsetListener] = []


def register_offset_listener(listener: OffsetListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def offset_listeners() -> tuple[OffsetListener, ...]:
    return tuple(_listeners)


def spans_held(transcript: Transcript) -> list[HeldSpan]:
    """Every span the registered apps keep in `transcript`'s text, in text order."""
    held = [span for listener in _listeners for span in listener.spans(transcript)]
    return sorted(held, key=lambda span: (span.start, span.pk))


def spans_follow(transcript: Transcript, move: TextMove) -> None:
    """Tell every registered app where its spans in `transcript` now stand."""
    for listener in _listeners:
        listener.follow(transcript, move)


def losses_held(transcript: Transcript) -> dict[str, int]:
    """How many rows of each kind the registered apps would lose with `transcript`."""
    counts: dict[str, int] = {}
    for listener in _listeners:
        counts |= listener.losses(transcript)
    return counts
