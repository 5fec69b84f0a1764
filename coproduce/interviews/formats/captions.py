"""Caption files: WebVTT (Teams `<v Name>` voice tags, Zoom "Name: text" cues) and SubRip (.srt)."""

import re
from datetime import timedelta

import srt  # type: ignore[import-untyped]
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from .cues import Cue, merge_cues
from .transcript import ParsedTranscript, TranscriptProblem

_QUOTED = re.compile(r"'([^'\n]{1,200})'")


def parse_vtt(text: str) -> ParsedTranscript:
    if not text.lstrip().startswith("WEBVTT"):
        raise TranscriptProblem("A WebVTT file must start with the word WEBVTT on its first line.", line=1)
    captions = _vtt_captions(text, strict=False)
    if len(captions) < text.count("-->"):
        _vtt_captions(text, strict=True)  # says which cue was left out, when one was
    cues = [
        Cue(caption.raw_text, caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds())
        for caption in captions
    ]
    if not cues:
        raise TranscriptProblem("The WebVTT file has no cues (no lines like 00:00:01.000 --> 00:00:04.000).")
    return merge_cues(cues, fmt="vtt")


def _vtt_captions(text: str, *, strict: bool) -> list[webvtt.Caption]:
    try:
        return list(webvtt.from_string(text.lstrip(), strict=strict).captions)
    except MalformedCaptionError as error:
        line = _line_of(text, error)
        raise TranscriptProblem("This caption's timing or settings cannot be read.", line=line) from error
    except (MalformedFileError, ValueError) as error:
        line = _line_of(text, error)
        raise TranscriptProblem(f"The file cannot be read as WebVTT ({error}).", line=line) from error


def parse_srt(text: str) -> ParsedTranscript:
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        unmatched = str(error.unmatched_content)
        line = text.count("\n", 0, error.expected_start + len(unmatched) - len(unmatched.lstrip())) + 1
        excerpt = " ".join(unmatched.split())[:60]
        raise TranscriptProblem(
            f"This part is not a numbered subtitle block: '{excerpt}'.", line=line
        ) from error
    except ValueError as error:  # srt.TimestampParseError and friends
        raise TranscriptProblem(
            f"A subtitle's timing cannot be read ({error}).", line=_line_of(text, error)
        ) from error
    cues = [Cue(item.content, _ms(item.start), _ms(item.end)) for item in subtitles]
    if not cues:
        raise TranscriptProblem(
            "The SubRip file has no subtitles (numbered blocks with 00:00:01,000 --> times)."
        )
    return merge_cues(cues, fmt="srt")


def _ms(value: timedelta) -> int:
    return round(value.total_seconds() * 1000)


def _line_of(text: str, error: Exception) -> int | None:
    """The line holding the first quoted fragment of the library's message, if it can be found."""
    match = _QUOTED.search(str(error))
    if not match:
        return None
    position = text.find(match.group(1))
    return text.count("\n", 0, position) + 1 if position >= 0 else None
