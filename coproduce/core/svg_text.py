"""Lines of text drawn as outlines (SVG paths) with the bundled fonts, shaped as in coproduce/core/fonts.py.

The PDF and PNG of a figure are drawn from outlines, not from text: WeasyPrint draws an SVG's text one
letter at a time, so Arabic and Urdu letters would not join and would come out left to right, and no
converter then depends on which fonts a server has. Each glyph is drawn once, in `<defs>`, and placed with
`<use>` wherever it appears. Figures keep their words in `<title>`, `<desc>` and the table beside them.
"""

from functools import lru_cache
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.svgPathPen import SVGPathPen

from .fonts import shaped_runs, ttfont


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=16384)
def glyph_outline(path: Path, glyph_id: int) -> str:
    """The `d` of one glyph in font units (y up), or "" for a glyph with no ink (a space)."""
    font_file = ttfont(path)
    glyph_set = font_file.getGlyphSet()
    recording = DecomposingRecordingPen(glyph_set)
    glyph_set[font_file.getGlyphName(glyph_id)].draw(recording)
    pen = SVGPathPen(None, ntos=lambda value: str(round(value)))
    recording.replay(pen)
    return str(pen.getCommands())


class GlyphSheet:
    """The glyphs of one figure: each line is a group of `<use>`s of glyphs defined once in `defs()`."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ids: dict[tuple[Path, int], str] = {}

    def _id(self, path: Path, glyph_id: int) -> str:
        key = (path, glyph_id)
        if key not in self.ids:
            self.ids[key] = f"{self.prefix}-g{len(self.ids)}"
        return self.ids[key]

    def line(
        self,
        text: str,
        *,
        x: float,
        y: float,
        size: float,
        bold: bool = False,
        anchor: str = "start",
        fill: str = "#0b0c0c",
    ) -> SafeString:
        """`text` with its baseline at `y`: starting at `x` (`anchor` "start"), ending at it ("end") or
        centred on it ("middle")."""
        runs = shaped_runs(text, bold=bold)
        width = sum(run.advance * size / run.font.upem for run in runs)
        cursor = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        uses: list[tuple[str, str, str, str, str]] = []
        for run in runs:
            scale = size / run.font.upem
            for glyph_id, advance, x_offset, y_offset in run.glyphs:
                if glyph_outline(run.font.path, glyph_id):
                    origin_x, origin_y = cursor + x_offset * scale, y - y_offset * scale
                    ident = self._id(run.font.path, glyph_id)
                    uses.append(
                        (ident, f"{scale:.5g}", f"{-scale:.5g}", _number(origin_x), _number(origin_y))
                    )
                cursor += advance * scale
        inner = format_html_join("", '<use href="#{}" transform="matrix({} 0 0 {} {} {})"/>', uses)
        return format_html('<g fill="{}">{}</g>', fill, inner)

    def defs(self) -> SafeString:
        paths = ((ident, glyph_outline(path, glyph_id)) for (path, glyph_id), ident in self.ids.items())
        return format_html("<defs>{}</defs>", format_html_join("", '<path id="{}" d="{}"/>', paths))
