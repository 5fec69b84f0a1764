"""Lines of text from a .txt, .md or .docx file: cues written out with their times, or the plain layouts."""

from collections.abc import Collection

from .cues import merge_cues, timed_cues
from .emphasis import unmarked
from .plain import parse_plain_lines
from .transcript import ParsedTranscript


def parse_text_lines(
    lines: list[str], *, fmt: str, standalone: Collection[int] = (), marked: set[int] | None = None
) -> ParsedTranscript:
    """Turns from lines of text; lines in `standalone` (headings) always make a turn of their own, and lines
    in `marked` open with a label the writer set in bold (found here when not given)."""
    cues = timed_cues(lines)
    if cues:
        return merge_cues(cues, fmt=fmt)
    if marked is None:
        lines, marked = unmarked(lines)
    return parse_plain_lines(lines, fmt=fmt, standalone=standalone, marked=marked)
