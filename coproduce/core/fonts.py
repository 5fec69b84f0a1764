"""The fonts bundled for drawn figures (static/fonts/, Noto), and text shaped with them by HarfBuzz.

A figure lists the families in FAMILIES order, as CSS does: each character is drawn with the first font that
has it (marks, joiners and variation selectors stay with the character before them). A line is split into
runs of one font and one embedding level, from the Unicode bidirectional algorithm without explicit
embeddings (the paragraph's direction from its first strong letter; numbers read left to right, within
right-to-left text when it comes before them; spaces and punctuation taking the direction around them),
which is enough for a line of Urdu, Arabic or a mix with English. Each run is shaped by HarfBuzz
(uharfbuzz), so Arabic letters join and Bengali conjuncts form as they will when drawn, and widths are the
widths the reader will see.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import uharfbuzz as hb
from django.conf import settings
from fontTools.ttLib import TTFont

FAMILIES = (
    "Noto Sans",
    "Noto Naskh Arabic",
    "Noto Sans Bengali",
    "Noto Sans Devanagari",
    "Noto Sans Gurmukhi",
    "Noto Emoji",
)
FILES = {
    "Noto Sans": "NotoSans",
    "Noto Naskh Arabic": "NotoNaskhArabic",
    "Noto Sans Bengali": "NotoSansBengali",
    "Noto Sans Devanagari": "NotoSansDevanagari",
    "Noto Sans Gurmukhi": "NotoSansGurmukhi",
    "Noto Emoji": "NotoEmoji",
    "Noto Nastaliq Urdu": "NotoNastaliqUrdu",  # Urdu on pages and in emails; figures keep Naskh
}
NASTALIQ_LINE_HEIGHT = 2.5
"""The height of a line of Urdu in Noto Nastaliq Urdu, in ems: the font's own line (1.904 above the baseline,
0.596 below), as the pages (`$app-nastaliq-line-height`), the PDF and emails give it."""
LANGUAGE_FACES = {
    "ur": ("Noto Nastaliq Urdu", "Noto Naskh Arabic"),  # Nastaliq, the hand Urdu readers expect
    "ar": ("Noto Naskh Arabic",),
    "bn": ("Noto Sans Bengali",),
    "pa": ("Noto Sans Gurmukhi", "Noto Sans Devanagari"),  # Devanagari for the danda
}
"""The faces for words known to be in a language, first choice first, where Noto Sans does not cover its
script: emails written in a person's language, and quotes marked with their language in Word files."""
FONT_FAMILY = ", ".join(f"'{family}'" for family in FAMILIES) + ", sans-serif"
"""The font-family of a figure's text, for an SVG attribute (quoted with ' to sit inside "...")."""
RTL_CLASSES = {"R", "AL"}
NUMBER_CLASSES = {"EN", "AN"}
JOINERS = {0x200C, 0x200D, 0x20E3}


def font_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "fonts"


@dataclass(frozen=True)
class Font:
    family: str
    path: Path
    hb_font: hb.Font
    upem: int
    cmap: frozenset[int]


@cache
def _font(family: str, bold: bool) -> Font:
    base = FILES[family]
    path = font_dir() / f"{base}-{'Bold' if bold else 'Regular'}.ttf"
    if not path.exists():
        path = font_dir() / f"{base}-Regular.ttf"
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    cmap = frozenset(TTFont(path, lazy=True).getBestCmap())
    return Font(family, path, hb.Font(face), face.upem, cmap)


def fonts(bold: bool) -> list[Font]:
    return [_font(family, bold) for family in FAMILIES]


@cache
def ttfont(path: Path) -> TTFont:
    """The font file read by fontTools, for drawing its glyphs."""
    return TTFont(path, lazy=True)


def joins_previous(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in {"Mn", "Me", "Mc"}
        or code in JOINERS
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _font_for(char: str, chain: list[Font]) -> int:
    code = ord(char)
    for index, font in enumerate(chain):
        if code in font.cmap:
            return index
    return 0


def paragraph_rtl(text: str) -> bool:
    """Whether the text reads right to left: its first strong letter is Hebrew, Arabic, Urdu …"""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False


def _kinds(text: str, rtl: bool) -> list[str]:
    """Each character's resolved direction: "L", "R", or "N" for a number read within right-to-left text."""
    kinds: list[str | None] = []
    last = "R" if rtl else "L"
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES or kind == "L":
            last = "R" if kind in RTL_CLASSES else "L"
            kinds.append(last)
        elif kind in NUMBER_CLASSES:
            kinds.append("L" if last == "L" and kind == "EN" else "N")  # rules W2 and W7
        else:
            kinds.append(None)
    # Rule N1: spaces and punctuation take the direction on both sides when it agrees (numbers count as
    # right to left), else the paragraph's (N2).
    sides = ["R" if kind == "N" else kind for kind in kinds]
    resolved: list[str] = []
    for i, found in enumerate(kinds):
        if found is not None:
            resolved.append(found)
            continue
        before = next((side for side in reversed(sides[:i]) if side is not None), "R" if rtl else "L")
        after = next((side for side in sides[i + 1 :] if side is not None), "R" if rtl else "L")
        resolved.append(before if before == after else "R" if rtl else "L")
    return resolved


def _levels(text: str, rtl: bool) -> list[int]:
    """Each character's embedding level (rules I1 and I2): odd levels read right to left."""
    if rtl:
        return [1 if kind == "R" else 2 for kind in _kinds(text, rtl)]
    return [{"L": 0, "R": 1, "N": 2}[kind] for kind in _kinds(text, rtl)]


@dataclass(frozen=True)
class Run:
    """Characters in one font and one direction, shaped: glyph ids with advances and offsets in font units."""

    text: str
    font: Font
    rtl: bool
    glyphs: tuple[tuple[int, int, int, int], ...]  # (glyph id, x advance, x offset, y offset)

    @property
    def advance(self) -> int:
        return sum(glyph[1] for glyph in self.glyphs)


@lru_cache(maxsize=8192)
def _shape(text: str, family: str, bold: bool, rtl: bool) -> Run:
    font = _font(family, bold)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    hb.shape(font.hb_font, buffer, {})
    glyphs = tuple(
        (info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    )
    return Run(text, font, rtl, glyphs)


def _runs_logical(text: str, bold: bool, rtl: bool) -> list[tuple[Run, int]]:
    """The text's runs in reading order, each with its embedding level."""
    chain = fonts(bold)
    pieces: list[tuple[int, int, str]] = []  # font, level, characters
    for char, level in zip(text, _levels(text, rtl), strict=True):
        if pieces and joins_previous(char):
            index, run_level, chars = pieces[-1]
            pieces[-1] = (index, run_level, chars + char)
            continue
        index = _font_for(char, chain)
        if pieces and pieces[-1][:2] == (index, level):
            pieces[-1] = (index, level, pieces[-1][2] + char)
        else:
            pieces.append((index, level, char))
    return [
        (_shape(chars, chain[index].family, bold, level % 2 == 1), level) for index, level, chars in pieces
    ]


def shaped_runs(text: str, *, bold: bool = False, rtl: bool | None = None) -> list[Run]:
    """The line's runs in the order they are drawn, left to right."""
    rtl = paragraph_rtl(text) if rtl is None else rtl
    pairs = _runs_logical(text, bold, rtl)
    runs = [run for run, _ in pairs]
    levels = [level for _, level in pairs]
    # Rule L2: from the highest level down to 1, reverse every stretch of runs at that level or above.
    # (Within a run HarfBuzz has already put the glyphs in the order they are drawn.)
    for level in range(max(levels, default=0), 0, -1):
        start = 0
        while start < len(runs):
            if levels[start] < level:
                start += 1
                continue
            end = start
            while end < len(runs) and levels[end] >= level:
                end += 1
            runs[start:end] = runs[start:end][::-1]
            levels[start:end] = levels[start:end][::-1]
            start = end
    return runs


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width, in the units of `size`, of the text drawn on one line."""
    runs = _runs_logical(text, bold, paragraph_rtl(text))
    return sum(run.advance * size / run.font.upem for run, _ in runs)
