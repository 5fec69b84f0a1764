"""Text broken into lines that fit a width, measured with the bundled fonts (coproduce/core/fonts.py).

Lines break between words; a word wider than the whole line is broken between characters (never inside a
character and its marks). Past `max_lines` the last line ends with an ellipsis, cut to fit: the caller keeps
the full text elsewhere (a tooltip and the table beside the figure).
"""

from dataclasses import dataclass

from .fonts import joins_previous, text_width

ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Wrapped:
    lines: list[str]
    cut: bool  # True when the text did not fit in max_lines and ends with an ellipsis


def _clusters(word: str) -> list[str]:
    """The word's characters, each with the marks and joiners that go with it."""
    clusters: list[str] = []
    for char in word:
        if clusters and (joins_previous(char) or clusters[-1].endswith("\u200d")):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too wide for a line, in pieces that fit (each at least one character)."""
    pieces: list[str] = []
    current = ""
    for cluster in _clusters(word):
        if current and text_width(current + cluster, size, bold) > width:
            pieces.append(current)
            current = cluster
        else:
            current += cluster
    return [*pieces, current] if current else pieces


def _greedy(words: list[str], width: float, size: float, bold: bool) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        if text_width(word, size, bold) > width:
            pieces = _break_word(word, width, size, bold)
            if current:
                lines.append(current)
            lines += pieces[:-1]
            current = pieces[-1]
            continue
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def with_ellipsis(text: str, width: float, size: float, bold: bool = False) -> str:
    """The text cut so that it and an ellipsis fit in `width`."""
    clusters = _clusters(text.rstrip())
    while clusters and text_width("".join(clusters).rstrip() + ELLIPSIS, size, bold) > width:
        clusters.pop()
    return "".join(clusters).rstrip() + ELLIPSIS


def wrap(text: str, *, width: float, size: float, bold: bool = False, max_lines: int = 0) -> Wrapped:
    """`text` in lines no wider than `width` at font size `size`; at most `max_lines` (0: no limit)."""
    lines = _greedy(text.split(), width, size, bold)
    if not max_lines or len(lines) <= max_lines:
        return Wrapped(lines or [""], False)
    kept = lines[:max_lines]
    kept[-1] = with_ellipsis(f"{kept[-1]} {lines[max_lines]}", width, size, bold)
    return Wrapped(kept, True)
