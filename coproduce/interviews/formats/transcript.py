"""The parsed transcript every format returns, the error every format raises, and how turns are assembled."""

import re
import unicodedata
from dataclasses import dataclass, field

TURN_SEPARATOR = "\n\n"
_TIMESTAMP = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")
_BLANK_LINES = re.compile(r"\n{3,}")
LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


class TranscriptProblem(Exception):
    """A file that cannot be read as a transcript; `line` is where the problem is, when that is known."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: `text[start:end]` of the transcript is exactly what they said."""

    speaker: str
    start: int
    end: int
    timestamp_ms: int | None = None
    end_ms: int | None = None


@dataclass(frozen=True)
class ParsedTranscript:
    """The whole transcript as one NFC string with turns as code-point offsets into it."""

    text: str
    turns: tuple[Turn, ...]
    format: str
    speakers: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        labels = dict.fromkeys(turn.speaker for turn in self.turns if turn.speaker)
        object.__setattr__(self, "speakers", tuple(labels))

    def turn_text(self, turn: Turn) -> str:
        return self.text[turn.start : turn.end]


def timestamp_ms(value: str) -> int | None:
    """Milliseconds from "1:02:03", "01:02", "00:01:02.500" or "00:01:02,5"; None when it is not a time."""
    match = _TIMESTAMP.match(value.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def normalise_text(text: str) -> str:
    """NFC, every line break as "\\n", no control characters other than tabs."""
    return unicodedata.normalize("NFC", CONTROL.sub("", LINE_BREAKS.sub("\n", text)))


def clean_turn_text(text: str) -> str:
    """Each line trimmed, at most one blank line in a row, NFC, no whitespace around the whole."""
    text = CONTROL.sub("", LINE_BREAKS.sub("\n", text))
    lines = [line.strip() for line in text.split("\n")]
    joined = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return unicodedata.normalize("NFC", joined)


def clean_label(label: str) -> str:
    return unicodedata.normalize("NFC", " ".join(label.split()))


@dataclass
class _Draft:
    speaker: str
    parts: list[str]
    timestamp_ms: int | None
    end_ms: int | None


class TranscriptBuilder:
    """Collects turns in order, then lays them out as one text with offsets."""

    def __init__(self, fmt: str, *, part_separator: str = "\n"):
        self.format = fmt
        self.part_separator = part_separator
        self._drafts: list[_Draft] = []

    def start_turn(
        self, *, speaker: str, text: str = "", at_ms: int | None = None, end_ms: int | None = None
    ) -> None:
        self._drafts.append(_Draft(clean_label(speaker), [text] if text else [], at_ms, end_ms))

    def add_text(self, text: str, *, end_ms: int | None = None) -> None:
        """More of the current turn (a new unlabelled turn when there is none yet)."""
        if not self._drafts:
            self.start_turn(speaker="")
        draft = self._drafts[-1]
        draft.parts.append(text)
        if end_ms is not None:
            draft.end_ms = end_ms

    def add_timed(self, *, speaker: str, text: str, at_ms: int | None, end_ms: int | None) -> None:
        """A caption cue: merged into the current turn when the same speaker goes on talking."""
        label = clean_label(speaker)
        if not clean_turn_text(text):
            return
        if self._drafts and self._drafts[-1].speaker == label:
            self.add_text(text, end_ms=end_ms)
        else:
            self.start_turn(speaker=label, text=text, at_ms=at_ms, end_ms=end_ms)

    def build(self) -> ParsedTranscript:
        texts: list[str] = []
        turns: list[Turn] = []
        offset = 0
        for draft in self._drafts:
            spoken = clean_turn_text(self.part_separator.join(draft.parts))
            if not spoken:
                continue
            if texts:
                offset += len(TURN_SEPARATOR)
            texts.append(spoken)
            turns.append(Turn(draft.speaker, offset, offset + len(spoken), draft.timestamp_ms, draft.end_ms))
            offset += len(spoken)
        if not turns:
            raise TranscriptProblem("The file has no transcript text in it.")
        return ParsedTranscript(text=TURN_SEPARATOR.join(texts), turns=tuple(turns), format=self.format)
