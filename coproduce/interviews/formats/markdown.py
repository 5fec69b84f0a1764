"""Markdown transcripts: the markup goes ("**Jane:** Hello" reads as "Jane: Hello"), headings stand alone."""

import re

from .emphasis import inline_markdown_strip, is_marked_label
from .layouts import parse_text_lines
from .transcript import ParsedTranscript

_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL)
_HEADING = re.compile(r" {0,3}#{1,6}(?=\s|$)")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")


def parse_markdown(text: str) -> ParsedTranscript:
    lines = _FRONT_MATTER.sub("", text).split("\n")
    plain: list[str] = []
    headings: set[int] = set()
    marked: set[int] = set()
    for line in lines:
        if _UNDERLINE.match(line) and plain and plain[-1].strip():
            headings.add(len(plain) - 1)  # Setext heading: the line above is the heading
            plain.append("")
            continue
        if _RULE.match(line):
            plain.append("")
            continue
        heading = _HEADING.match(line)
        if heading:
            headings.add(len(plain))
            line = _heading_text(line[heading.end() :])
        line = _LIST_ITEM.sub("", _QUOTE.sub("", line))
        if is_marked_label(line):
            marked.add(len(plain))
        plain.append(inline_markdown_strip(line))
    return parse_text_lines(plain, fmt="markdown", standalone=headings, marked=marked)


def _heading_text(rest: str) -> str:
    """ "Title ##" loses its closing hashes; "C#" keeps its own."""
    text = rest.strip()
    closed = text.rstrip("#")
    return closed.strip() if closed != text and (not closed or closed[-1].isspace()) else text
