"""Lines of text in the framework diagram, wrapped with the bundled fonts and drawn as text or outlines."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString

from coproduce.core.fonts import paragraph_rtl
from coproduce.core.svg_text import outlined_line
from coproduce.core.text_wrap import wrap

INK, SECONDARY = "#0b0c0c", "#505a5f"


@dataclass(frozen=True)
class Line:
    """One line of text: `x` is its left edge, or its right edge when it reads right to left."""

    x: float
    y: float  # baseline
    text: str
    size: int
    bold: bool = False
    rtl: bool = False
    centred: bool = False
    fill: str = INK

    def markup(self, *, outlined: bool = False) -> str:
        """The line as SVG: a `<text>`, or a path of its outlines when `outlined` (for the PNG and PDF)."""
        if outlined:
            anchor = "middle" if self.centred else "end" if self.rtl else "start"
            return outlined_line(
                self.text, x=self.x, y=self.y, size=self.size, bold=self.bold, anchor=anchor, fill=self.fill
            )
        # Written with one f-string (escaping the text and the colour) rather than format_html, which took
        # about twenty times as long: a framework page writes some 300 lines.
        weight = ' font-weight="700"' if self.bold else ""
        anchor = (
            ' text-anchor="middle"'
            if self.centred
            else ' direction="rtl" unicode-bidi="embed"'
            if self.rtl
            else ""
        )
        return SafeString(
            f'<text x="{self.x:g}" y="{self.y:g}" font-size="{self.size}"{weight}{anchor}'
            f' fill="{escape(self.fill)}">{escape(self.text)}</text>'
        )


def text_lines(
    text: str,
    *,
    left: float,
    width: float,
    top: float,
    style: tuple[int, int],
    bold: bool = False,
    max_lines: int = 0,
    fill: str = INK,
) -> tuple[list[Line], bool]:
    """`text` wrapped into `width` from `top` (the top of the first line), aligned to its reading direction;
    and whether it was cut."""
    size, height = style
    wrapped = wrap(text, width=width, size=size, bold=bold, max_lines=max_lines)
    rtl = paragraph_rtl(text)
    x = left + width if rtl else left
    baseline = top + round(height * 0.78)
    lines = [
        Line(x, baseline + i * height, line, size, bold, rtl, fill=fill)
        for i, line in enumerate(wrapped.lines)
    ]
    return lines, wrapped.cut
