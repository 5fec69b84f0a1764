"""Choosing the parser for an uploaded transcript from its content and its file name."""

import re
from collections.abc import Callable

from .captions import parse_srt, parse_vtt
from .decoding import SUPPORTED, binary_problem, decode
from .layouts import parse_text_lines
from .markdown import parse_markdown
from .transcript import ParsedTranscript, TranscriptProblem
from .word import parse_docx

_SRT_START = re.compile(r"\A\s*\d+[ \t]*\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_ZIP = b"PK\x03\x04"
_MEDIA = frozenset({".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".aac", ".flac", ".wma", ".avi"})
_OTHER_DOCUMENTS = frozenset({".pdf", ".doc", ".odt", ".rtf", ".pages", ".xlsx", ".xls", ".csv", ".pptx"})


def parse_plain(text: str) -> ParsedTranscript:
    return parse_text_lines(text.split("\n"), fmt="txt")


_TEXT_PARSERS: dict[str, Callable[[str], ParsedTranscript]] = {
    ".vtt": parse_vtt,
    ".srt": parse_srt,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
}


def parse_transcript(*, data: bytes, filename: str) -> ParsedTranscript:
    """The transcript in an uploaded file, or TranscriptProblem saying plainly why it cannot be read."""
    extension = _extension(filename)
    if extension in _MEDIA:
        raise TranscriptProblem(f"This is a recording. Upload its transcript as a {SUPPORTED} file.")
    if not data.strip():
        raise TranscriptProblem("The file is empty.")
    reason = binary_problem(data)
    if reason:
        raise TranscriptProblem(reason)
    if data.startswith(_ZIP):
        return parse_docx(data)
    if extension == ".docx":
        raise TranscriptProblem("The file is called .docx but it is not a Word document.")
    if extension in _OTHER_DOCUMENTS:
        raise TranscriptProblem(f"Files ending {extension} cannot be read. Upload a {SUPPORTED} file.")
    text = decode(data)
    return _text_parser(text, extension)(text)


def _text_parser(text: str, extension: str) -> Callable[[str], ParsedTranscript]:
    if text.lstrip().startswith("WEBVTT"):
        return parse_vtt
    if _SRT_START.match(text):
        return parse_srt
    return _TEXT_PARSERS.get(extension, parse_plain)


def _extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
