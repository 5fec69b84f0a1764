"""Markdown's inline marks, and speaker labels set in bold ("**Jane**: Hi", "**Jane:** Hi", "__Jane__: Hi")
as transcription tools and note-takers export them, in whatever kind of file they arrive."""

import re

_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\s]{0,2000}(?:\s[^()\n]{0,200})?\)")
_CODE = re.compile(r"`+([^`\n]{1,500}?)`+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,50}(?:\s[^<>\n]{0,500})?/?>|<!--[^<>]{0,2000}?-->")
# Emphasis marks go wherever they are: asterisks and tildes always, underscores at the edges of words.
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+|~~)|(?<![\w\\])_+(?=\S)|(?<=\S)(?<!\\)_+(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
# "**Name**: words", "**Name:** words" or "__Name__: words" at the start of a line
_MARKED_LABEL = re.compile(
    r"\s{0,3}(?P<mark>\*\*|__)(?P<name>[^*_:\n]{1,60}?)\s*(?::(?P=mark)|(?P=mark)\s*:)"
)


def inline_markdown_strip(line: str) -> str:
    """The words of a line without emphasis, links, code marks or HTML tags."""
    line = _HTML_TAG.sub("", line)
    line = _IMAGE_OR_LINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    line = _EMPHASIS.sub("", line)
    return _ESCAPE.sub(r"\1", line)


def is_marked_label(line: str) -> bool:
    """Whether a line opens with a label in bold: the writer marked it as a speaker's label."""
    return _MARKED_LABEL.match(line) is not None


def marked_labels(lines: list[str]) -> set[int]:
    return {i for i, line in enumerate(lines) if is_marked_label(line)}


def unmarked(lines: list[str]) -> tuple[list[str], set[int]]:
    """Lines of a text or Word file with labels in bold: the file is written in Markdown, so its marks go."""
    marked = marked_labels(lines)
    if not marked:
        return lines, marked
    return [inline_markdown_strip(line) for line in lines], marked
