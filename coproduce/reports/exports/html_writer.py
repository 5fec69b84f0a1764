"""The report as one HTML file (styles inside, figures as inline SVG) and, from the same HTML, as a PDF.

In the PDF a framework diagram is a picture (coproduce/core/svg_convert.py), made once per process for each
drawing and shared by the cover and the figure: its text is glyph outlines, which WeasyPrint reads and draws
path by path, and the picture is drawn from the same outlines, so Urdu, emoji and every script look as in the
PNG download. The diagram's words stay in the caption and in the table of its elements beside it. The PDF
names only the fonts its text needs (print_fonts.py); participants' words carry their language (`lang`), so
those written in Urdu are set in Nastaliq.
"""

from django.template.loader import render_to_string

from coproduce.core.pdf import PICTURES, pdf_from_html
from coproduce.core.svg_convert import svg_picture

from ..document import Document
from .print_fonts import ALL_FONTS, font_css, fonts_for


def report_html(*, document: Document, in_print: bool = False) -> str:
    """The report as HTML. `in_print` (for `report_pdf`): each figure drawn as a picture in print is an
    `<img>` of /pictures/figure-<number>.png, and only the fonts the text needs are named."""
    # The repr holds every word as written; the languages recorded for participants' words choose Nastaliq.
    fonts = fonts_for(repr(document), languages=document.written_languages) if in_print else ALL_FONTS
    context = {"document": document, "in_print": in_print, "pictures": PICTURES, **font_css(fonts)}
    return render_to_string("reports/document.html", context)


def report_pdf(*, document: Document) -> bytes:
    """The HTML laid out for A4 by WeasyPrint, with page numbers (it loads nothing from elsewhere)."""
    pictures = {f"figure-{f.number}.png": svg_picture(f.svg) for f in document.figures if f.picture_in_print}
    return pdf_from_html(html=report_html(document=document, in_print=True), pictures=pictures)
