"""Timed cues (from captions, or from "0:00:01.0 --> 0:00:04.2" lines in a document) merged into turns.

Consecutive cues by the same speaker are merged into one turn that starts at the first cue and ends at the
last. Cue text is joined with spaces, since caption lines are only wrapped for the screen.

Captions name a speaker when the speaker changes, so a cue with no name goes on with the speaker before it,
unless it starts with ">>" (someone else speaks, unnamed) or is only a sound in brackets ("( clock ticking )",
"[laughter]"), which is no one's words and leaves the speaker before it to go on after it."""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .plain import colon_label, is_speaker_label
from .transcript import ParsedTranscript, TranscriptBuilder

_VOICE = re.compile(r"<v(?:\.[^\s<>]{0,100})?(?:\s+([^<>]{0,200}))?>")
# Formatting tags; other words in angle brackets ("<LAUGHING & WHOOPS!>") are a caption's words, not markup.
_TAG = re.compile(
    r"</?(?:[bisu]|c|v|lang|ruby|rt|font|span|br|em|strong)(?=[\s./>])[^<>]{0,200}>|<\d[\d:.]{0,20}>|"
    r"\{\\[^{}]{0,200}\}",
    re.I,
)
_SPEAKER_CHANGE = re.compile(r"^(?:>>|[-\u2013\u2014])\s*")  # ">> NAME:", "- Name:"
_SOUND = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|<[^<>]*>|\u266a[^\u266a]*\u266a?")
_TIME = r"(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING_LINE = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?")
_MAX_LINES_BEFORE_CUES = 5


@dataclass(frozen=True)
class Cue:
    raw_text: str
    start_ms: int | None
    end_ms: int | None


def merge_cues(cues: Iterable[Cue], *, fmt: str) -> ParsedTranscript:
    builder = TranscriptBuilder(fmt, part_separator=" ")
    speaking = ""
    for cue in cues:
        for named, spoken in cue_pieces(cue.raw_text):
            if named is None and _SOUND.fullmatch(spoken.strip()):
                speaker = ""
            elif named is None:
                speaker = speaking
            else:
                speaker = speaking = named
            builder.add_timed(speaker=speaker, text=spoken, at_ms=cue.start_ms, end_ms=cue.end_ms)
    return builder.build()


def cue_pieces(raw_text: str) -> list[tuple[str | None, str]]:
    """(speaker, text) pieces of one cue: from voice tags when there are any, else from "Name:" lines. The
    speaker is None where the cue names no one: the one before goes on."""
    pieces: list[tuple[str | None, str]] = []
    if _VOICE.search(raw_text):
        chunks = _VOICE.split(raw_text)  # text, voice, text, voice, text ...
        if _plain(chunks[0]):
            pieces.append((None, _plain(chunks[0])))
        for voice, chunk in zip(chunks[1::2], chunks[2::2], strict=True):
            pieces.append((html.unescape(voice or "").strip(), _plain(chunk)))
        return pieces
    for line in _plain_lines(raw_text):
        someone_else = line.startswith(">>")
        line = _SPEAKER_CHANGE.sub("", line)
        label = colon_label(line)
        if label is not None:
            pieces.append((label.speaker, label.text))
        elif someone_else:
            pieces.append(("", line))
        elif pieces:
            pieces[-1] = (pieces[-1][0], f"{pieces[-1][1]} {line}")
        else:
            pieces.append((None, line))
    return pieces


def _plain_lines(raw_text: str) -> list[str]:
    return [" ".join(html.unescape(_TAG.sub("", line)).split()) for line in raw_text.split("\n")]


def _plain(raw_text: str) -> str:
    return " ".join(line for line in _plain_lines(raw_text) if line)


def timed_cues(lines: list[str]) -> list[Cue]:
    """Cues written out as text: a "start --> end" line, perhaps the speaker's name alone on a line, then
    what they said; the layout of some Teams Word exports. Empty when the lines are not laid out so."""
    timings = [(i, match) for i, line in enumerate(lines) if (match := _TIMING_LINE.fullmatch(line))]
    if not timings or sum(1 for line in lines[: timings[0][0]] if line.strip()) > _MAX_LINES_BEFORE_CUES:
        return []
    cues = [Cue("\n".join(lines[: timings[0][0]]), None, None)]
    ends = [i for i, _match in timings[1:]] + [len(lines)]
    for (first, match), end in zip(timings, ends, strict=True):
        words = [line for line in lines[first + 1 : end] if line.strip()]
        if len(words) >= 2 and is_speaker_label(words[0].strip()) and colon_label(words[0]) is None:
            words = [f"<v {words[0].strip()}>{words[1]}", *words[2:]]
        times = match.groups()
        cues.append(Cue("\n".join(words), _milliseconds(times[:4]), _milliseconds(times[4:])))
    return cues


def _milliseconds(parts: tuple[str | None, ...]) -> int:
    hours, minutes, seconds, fraction = parts
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)) * 1000 + millis
