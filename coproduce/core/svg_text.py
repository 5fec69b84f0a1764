"""Lines of text drawn as outlines (SVG paths) with the bundled fonts, shaped as in coproduce/core/fonts.py.

The PDF and PNG of a figure are drawn from outlines, not from text: WeasyPrint draws an SVG's text one
letter at a time, so Arabic and Urdu letters would not join and would come out left to right, and no
converter then depends on which fonts a server has. Figures keep their words in `<title>`, `<desc>` and the
table beside them.

WeasyPrint's cost is in each SVG element it visits and each path command it reads, so a line is one `<path>`
(not an element a glyph, nor a `<use>` of a glyph defined once, which it copies and visits like any other
element), and its commands are few and short: each glyph's quadratic curves are joined into as few cubic
curves as stay within a thousandth of an em of them (fontTools' qu2cu), coordinates are whole thousandths of
an em relative to the point before, straight lines along an axis are `h` or `v`, and contours are left open
(a fill closes them).
"""

import threading
from functools import lru_cache
from pathlib import Path

from django.utils.html import format_html
from django.utils.safestring import SafeString
from fontTools.pens.basePen import BasePen
from fontTools.pens.qu2cuPen import Qu2CuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen

from .fonts import shaped_runs, ttfont

EM = 1000
"""A line's path is in thousandths of its font size, so its numbers are whole."""

Point = tuple[float, float]
Segment = tuple[str, tuple[Point, ...]]  # "M", "L" or "C" and its points, in thousandths of an em


class _SegmentPen(BasePen):  # type: ignore[misc]  # fontTools has no type hints
    """An outline's moves, lines and cubic curves, scaled to thousandths of an em."""

    def __init__(self, factor: float) -> None:
        super().__init__(None)
        self.factor = factor
        self.segments: list[Segment] = []

    def _add(self, command: str, *points: Point) -> None:
        self.segments.append((command, tuple((x * self.factor, y * self.factor) for x, y in points)))

    def _moveTo(self, pt: Point) -> None:
        self._add("M", pt)

    def _lineTo(self, pt: Point) -> None:
        self._add("L", pt)

    def _curveToOne(self, pt1: Point, pt2: Point, pt3: Point) -> None:
        self._add("C", pt1, pt2, pt3)

    def _qCurveToOne(self, pt1: Point, pt2: Point) -> None:  # the same curve as a cubic
        (x0, y0), (x1, y1), (x2, y2) = self._getCurrentPoint(), pt1, pt2
        self._curveToOne(
            (x0 + 2 * (x1 - x0) / 3, y0 + 2 * (y1 - y0) / 3),
            (x2 + 2 * (x1 - x2) / 3, y2 + 2 * (y1 - y2) / 3),
            pt2,
        )


_FONT_READ = threading.Lock()
"""Held while a font file is read: fontTools reads a font's tables and glyphs when first asked, and a
request's thread and another's reading the same font at once read it wrong (a server draws figures in
several threads)."""


@lru_cache(maxsize=16384)
def glyph_outline(path: Path, glyph_id: int) -> tuple[Segment, ...]:
    """The outline of one glyph in thousandths of an em (y up), or () for a glyph with no ink (a space)."""
    with _FONT_READ:
        font_file = ttfont(path)
        upem = font_file["head"].unitsPerEm
        glyph_set = font_file.getGlyphSet()
        recording = DecomposingRecordingPen(glyph_set)
        glyph_set[font_file.getGlyphName(glyph_id)].draw(recording)
    pen = _SegmentPen(EM / upem)
    try:
        recording.replay(Qu2CuPen(pen, max_err=upem / EM, all_cubic=True))
    except NotImplementedError:  # a contour of curve handles only (some emoji): its curves kept as drawn
        pen = _SegmentPen(EM / upem)
        recording.replay(pen)
    return tuple(pen.segments)


def _commands(outlines: list[tuple[tuple[Segment, ...], float, float]]) -> str:
    """The `d` of glyph outlines placed at their origins (x, y up), each point relative to the one before."""
    parts: list[str] = []
    here_x = here_y = 0
    for outline, origin_x, origin_y in outlines:
        for command, points in outline:
            moves: list[int] = []
            for x, y in points:
                # each point rounded where it is, so that rounding never adds up along a line
                point_x, point_y = round(origin_x + x), round(origin_y + y)
                moves += [point_x - here_x, point_y - here_y]
                if command != "C":
                    here_x, here_y = point_x, point_y
            if command == "C":
                here_x, here_y = here_x + moves[4], here_y + moves[5]
                parts.append(f"c{moves[0]} {moves[1]} {moves[2]} {moves[3]} {moves[4]} {moves[5]}")
            elif command == "L" and moves[1] == 0:
                parts.append(f"h{moves[0]}")
            elif command == "L" and moves[0] == 0:
                parts.append(f"v{moves[1]}")
            else:
                parts.append(f"{command.lower()}{moves[0]} {moves[1]}")
    return "".join(parts)


@lru_cache(maxsize=2048)
def _line_outline(text: str, bold: bool) -> tuple[float, str]:
    """The width of `text` in ems and its glyphs' `d` at a size of one thousand (y up), from its start: the
    same wherever and however large the line is drawn, so a diagram drawn again reuses it."""
    runs = shaped_runs(text, bold=bold)
    width = sum(run.advance / run.font.upem for run in runs)
    cursor = 0.0  # thousandths of an em from the start
    outlines: list[tuple[tuple[Segment, ...], float, float]] = []
    for run in runs:
        factor = EM / run.font.upem
        for glyph_id, advance, x_offset, y_offset in run.glyphs:
            if outline := glyph_outline(run.font.path, glyph_id):
                outlines.append((outline, cursor + x_offset * factor, y_offset * factor))
            cursor += advance * factor
    return width, _commands(outlines) if outlines else ""


def outlined_line(
    text: str,
    *,
    x: float,
    y: float,
    size: float,
    bold: bool = False,
    anchor: str = "start",
    fill: str = "#0b0c0c",
) -> SafeString:
    """`text` as one `<path>` with its baseline at `y`: starting at `x` (`anchor` "start"), ending at it
    ("end") or centred on it ("middle")."""
    em_width, commands = _line_outline(text, bold)
    if not commands:
        return SafeString("")
    width = em_width * size
    start = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    scale = size / EM
    return format_html(
        '<path fill="{}" transform="matrix({} 0 0 {} {} {})" d="{}"/>',
        fill,
        f"{scale:.6g}",
        f"{-scale:.6g}",
        f"{start:.2f}",
        f"{y:.2f}",
        commands,
    )
