"""Text measured with the bundled fonts, shaped by HarfBuzz, wrapped to a width and drawn as outlines."""

import io
import re

import pytest
from fontTools.pens.svgPathPen import SVGPathPen
from lxml import etree
from PIL import Image

from coproduce.core.fonts import paragraph_rtl, shaped_runs, text_width, ttfont
from coproduce.core.svg_convert import svg_png
from coproduce.core.svg_text import glyph_outline, outlined_line
from coproduce.core.text_wrap import ELLIPSIS, wrap

URDU = "مقامی کونسل اور رضاکار تنظیمیں مل کر فیصلے کریں"
BENGALI = "আস্থা প্রথমে: স্থানীয় পরিষদ ও স্বেচ্ছাসেবী সংগঠনের সহযোগিতা"
POLISH = "Zaufanie i współpraca: źródła finansowania, które łączą sektory"
LONG = "Pooled commissioning budgets shared between the council, the NHS and voluntary sector partners"


@pytest.mark.parametrize(
    "text", [LONG, URDU, BENGALI, POLISH, "Shared budgets 🤝 with families 💬 and carers"]
)
@pytest.mark.parametrize("width", [120, 200, 300])
def test_every_line_fits_and_no_word_is_lost(text, width):
    wrapped = wrap(text, width=width, size=16, bold=True)

    assert all(text_width(line, 16, True) <= width for line in wrapped.lines)
    assert "".join("".join(wrapped.lines).split()) == "".join(text.split())  # a word may be broken
    assert not wrapped.cut


def test_a_long_title_ends_with_an_ellipsis_within_its_lines():
    wrapped = wrap(LONG, width=150, size=16, bold=True, max_lines=2)

    assert len(wrapped.lines) == 2 and wrapped.cut
    assert wrapped.lines[1].endswith(ELLIPSIS)
    assert text_width(wrapped.lines[1], 16, True) <= 150


def test_a_word_wider_than_the_line_is_broken_between_letters_not_inside_one():
    word = "Supercalifragilisticexpialidociousnessmultiagencycoordination"
    wrapped = wrap(word, width=100, size=16)

    assert len(wrapped.lines) > 2 and "".join(wrapped.lines) == word
    assert all(text_width(line, 16) <= 100 for line in wrapped.lines)
    bengali = wrap("স্বেচ্ছাসেবী", width=20, size=16).lines
    assert all(line[0] not in "\u09cd\u09be\u09c7\u09bf" for line in bengali)  # no line starts with a mark


def test_each_script_is_drawn_in_a_font_that_has_it():
    families = {run.font.family for run in shaped_runs(f"{POLISH} {URDU} {BENGALI} 🤝")}

    assert families == {"Noto Sans", "Noto Naskh Arabic", "Noto Sans Bengali", "Noto Emoji"}
    # Arabic letters join: the word is narrower than its letters drawn apart
    assert text_width("مقامی", 16) < sum(text_width(letter, 16) for letter in "مقامی")


def test_right_to_left_text_reads_from_the_right():
    assert paragraph_rtl(URDU) and not paragraph_rtl(POLISH) and paragraph_rtl("2025 " + URDU)
    texts = [run.text for run in shaped_runs("Urdu: مقامی کونسل 2025")]  # English, Urdu words, a number
    # drawn left to right, as a browser does: the number read within the Urdu, the Urdu words reversed
    assert texts == ["Urdu: ", "2025", " ", "کونسل", " ", "مقامی"]
    texts = [run.text for run in shaped_runs("مقامی Trust first 2025")]  # English and a number within Urdu
    assert texts == ["Trust first 2025", " ", "مقامی"]


def _glyphs_as_the_fonts_draw_them(text: str, *, x: float, y: float, size: float) -> str:
    """The glyphs of `text` each drawn from its font's own outline (fontTools), one path a glyph."""
    paths, cursor = [], x
    for run in shaped_runs(text):
        scale = size / run.font.upem
        for glyph_id, advance, x_offset, y_offset in run.glyphs:
            font = ttfont(run.font.path)
            pen = SVGPathPen(font.getGlyphSet())
            font.getGlyphSet()[font.getGlyphName(glyph_id)].draw(pen)
            origin_x, origin_y = cursor + x_offset * scale, y - y_offset * scale
            place = f"matrix({scale} 0 0 {-scale} {origin_x} {origin_y})"
            paths.append(f'<path transform="{place}" d="{pen.getCommands()}"/>')
            cursor += advance * scale
    return "".join(paths)


def _pixels(body: str) -> bytes:
    white = '<rect width="420" height="40" fill="#fff"/>'
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="420" height="40">{white}{body}</svg>'
    return Image.open(io.BytesIO(svg_png(svg, scale=4))).convert("L").tobytes()


@pytest.mark.parametrize("text", [URDU, BENGALI, "Shared budgets 🤝 at home 🏠 with children 🧒", POLISH])
def test_a_line_of_outlines_is_one_short_path_that_draws_the_fonts_glyphs(text):
    line = etree.fromstring(outlined_line(text, x=4, y=28, size=16).encode())
    glyphs = [g for run in shaped_runs(text) for g in run.glyphs if glyph_outline(run.font.path, g[0])]
    reference = _glyphs_as_the_fonts_draw_them(text, x=4, y=28, size=16)
    font_commands = len(re.findall("[MLQCZHV]", reference))

    assert line.tag == "path" and len(line) == 0  # one element for the whole line
    # fewer commands than the fonts' own outlines (curves joined, contours left open): less for a PDF to read
    assert len(re.findall("[mlqchvz]", line.get("d", ""), flags=re.I)) < 0.8 * font_commands
    assert len(glyphs) > 10
    # and it draws the same glyphs, to within the edge of a few pixels at four times the size
    drawn, expected = _pixels(outlined_line(text, x=4, y=28, size=16)), _pixels(reference)
    assert sum(pixel < 128 for pixel in expected) > 2000
    assert sum(abs(a - b) > 128 for a, b in zip(drawn, expected, strict=True)) <= 10
