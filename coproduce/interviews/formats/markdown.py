"""Markdown transcripts: the markup goes ("**Jane:** Hello" reads as "Jane: Hello"), headings stand alone."""

import re

from .layouts import parse_text_lines
from .transcript import ParsedTranscript

_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL)
_HEADING = re.compile(r" {0,3}#{1,6}(?=\s|$)")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\s]{0,2000}(?:\s[^()\n]{0,200})?\)")
_CODE = re.compile(r"`+([^`\n]{1,500}?)`+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,50}(?:\s[^<>\n]{0,500})?/?>|<!--[^<>]{0,2000}?-->")
# Emphasis marks go wherever they are: asterisks and tildes always, underscores at the edges of words.
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+|~~)|(?<![\w\\])_+(?=\S)|(?<=\S)(?<!\\)_+(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")


def parse_markdown(text: str) -> ParsedTranscript:
    lines = _FRONT_MATTER.sub("", text).split("\n")
    plain: list[str] = []
    headings: set[int] = set()
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
        plain.append(inline_markdown_strip(_LIST_ITEM.sub("", _QUOTE.sub("", line))))
    return parse_text_lines(plain, fmt="markdown", standalone=headings)


def _heading_text(rest: str) -> str:
    """ "Title ##" loses its closing hashes; "C#" keeps its own."""
    text = rest.strip()
    closed = text.rstrip("#")
    return closed.strip() if closed != text and (not closed or closed[-1].isspace()) else text


def inline_markdown_strip(line: str) -> str:
    """The words of a line without emphasis, links, code marks or HTML tags."""
    line = _HTML_TAG.sub("", line)
    line = _IMAGE_OR_LINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    line = _EMPHASIS.sub("", line)
    return _ESCAPE.sub(r"\1", line)
