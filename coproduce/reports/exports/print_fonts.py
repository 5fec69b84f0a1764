"""The fonts a report's PDF asks for: the bundled Noto fonts (static/fonts/) of the scripts DejaVu Sans lacks
or draws in part, only for the scripts its text holds.

Each family in the body's list costs WeasyPrint on every run of text it lays out, whether the text needs it
or not, so a report in English alone names DejaVu Sans and its fallbacks only (about a tenth of the PDF's
time), and one with Urdu, Bengali, Hindi, Punjabi or emoji names the Noto font for each of them, before
DejaVu Sans as always. The HTML download names them all: a reader's browser picks its own fonts.

Arabic script is set in Noto Naskh Arabic, except words whose language is recorded as Urdu (a card or a
statement a participant wrote on an Urdu page, `lang="ur"` in the HTML): those are set in Noto Nastaliq
Urdu, the hand Urdu readers expect, with lines tall enough for it (`core.fonts.NASTALIQ_LINE_HEIGHT`), and
Naskh behind it for any letter it lacks. The letters alone do not tell Urdu from Arabic, Persian or Punjabi
Shahmukhi, so Arabic-script text whose language is not recorded stays in Naskh, and the PDF embeds
Nastaliq only when it holds words recorded as Urdu.
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from coproduce.core.fonts import NASTALIQ_LINE_HEIGHT


@dataclass(frozen=True)
class PrintFont:
    family: str
    files: tuple[str, str]  # regular and bold, in static/fonts/
    unicode_range: str
    letters: re.Pattern[str]  # the same code points: the text needs the font when it holds one of them


def _font(family: str, regular: str, bold: str, ranges: list[tuple[int, int]]) -> PrintFont:
    unicode_range = ", ".join(f"U+{a:04X}-{b:04X}" for a, b in ranges)
    letters = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")
    return PrintFont(family, (regular, bold), unicode_range, letters)


SCRIPT_FONTS = (
    _font(
        "Noto Naskh Arabic",
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
        [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    ),
    _font(
        "Noto Sans Bengali",
        "NotoSansBengali-Regular.ttf",
        "NotoSansBengali-Bold.ttf",
        [(0x0964, 0x0965), (0x0980, 0x09FE)],
    ),
    _font(
        "Noto Sans Devanagari",
        "NotoSansDevanagari-Regular.ttf",
        "NotoSansDevanagari-Bold.ttf",
        [(0x0900, 0x097F), (0xA8E0, 0xA8FF)],
    ),
    _font(
        "Noto Sans Gurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf", [(0x0A01, 0x0A76)]
    ),
)
EMOJI = _font(
    "Noto Emoji",
    "NotoEmoji-Regular.ttf",
    "NotoEmoji-Regular.ttf",  # one weight only: bold text shows the same emoji
    [(0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF)],
)
NASKH = SCRIPT_FONTS[0]
NASTALIQ = PrintFont(
    "Noto Nastaliq Urdu", ("NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf"), NASKH.unicode_range,
    NASKH.letters,
)  # fmt: skip  # only for words marked as Urdu; Naskh stands behind it for what it lacks
ALL_FONTS = (*SCRIPT_FONTS, EMOJI, NASTALIQ)


def fonts_for(text: str, *, languages: frozenset[str] = frozenset()) -> tuple[PrintFont, ...]:
    """The bundled fonts `text` needs, in the order the body names them. `languages` are those recorded for
    words in it: Urdu's Arabic-script letters need Nastaliq as well as Naskh."""
    found = tuple(font for font in (*SCRIPT_FONTS, EMOJI) if font.letters.search(text))
    return (*found, NASTALIQ) if NASKH in found and "ur" in languages else found


FACE = (
    '@font-face {{ font-family: "{}"; font-weight: {}; unicode-range: {}; src: url("/static/fonts/{}"); }}\n'
)


def font_faces(fonts: tuple[PrintFont, ...]) -> SafeString:
    """An `@font-face` rule for each weight of each font, each used only for its own code points."""
    weights = (400, 700)
    rows = (
        (f.family, w, f.unicode_range, file) for f in fonts for w, file in zip(weights, f.files, strict=True)
    )
    return format_html_join("", FACE, rows)


def font_family(fonts: tuple[PrintFont, ...]) -> SafeString:
    """The body's font list: the scripts' fonts, DejaVu Sans (Latin and most else), then the emoji font."""
    scripts = [f for f in fonts if f not in (EMOJI, NASTALIQ)]
    names = [*(f'"{f.family}"' for f in scripts), '"DejaVu Sans"', "Arial"]
    names += ['"Noto Emoji"'] if EMOJI in fonts else []
    return mark_safe(", ".join([*names, "sans-serif"]))  # noqa: S308  the families are the constants above


def urdu_rule(fonts: tuple[PrintFont, ...]) -> SafeString:
    """`:lang(ur)`'s font list and line height when Nastaliq is among the fonts: Nastaliq, then the body's."""
    if NASTALIQ not in fonts:
        return SafeString("")
    family = f'"{NASTALIQ.family}", {font_family(fonts)}'
    return mark_safe(f":lang(ur) {{ font-family: {family}; line-height: {NASTALIQ_LINE_HEIGHT}; }}")  # noqa: S308  constants


def font_css(fonts: tuple[PrintFont, ...]) -> dict[str, SafeString]:
    """The template's `font_faces`, `font_family` and `urdu_rule` for these fonts."""
    return {"font_faces": font_faces(fonts), "font_family": font_family(fonts), "urdu_rule": urdu_rule(fonts)}
