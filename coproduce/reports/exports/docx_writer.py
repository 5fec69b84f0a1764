"""The report as a Word document: real headings, tables with captions, figures as pictures, numbered alike.

A cover (title, subtitle, the framework's diagram, authors, date), then a table of contents field that Word
and LibreOffice fill in with page numbers. python-docx embeds PNG, not SVG, so each figure is rasterised with
vl-convert first. Markdown written by the team is read as in every format (docx_markdown.py); tables are
sized to their content with their header row repeated on each page (docx_parts.py). A participant's words
in a table (`Written`) carry their language, and Urdu its Nastaliq face (coproduce/core/docx_written.py).
"""

import io
from collections.abc import Sequence

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Mm, Pt
from lxml import etree

from coproduce.core.docx_written import written_rtl, written_run
from coproduce.core.languages import Written
from coproduce.core.svg_convert import svg_picture

from ..document import (
    Cell,
    Document,
    Facts,
    Figure,
    Heading,
    Notice,
    Paragraph,
    Prose,
    Quote,
    References,
    Table,
)
from .docx_markdown import markdown_docx
from .docx_parts import band, cell_paragraph, column_widths, contents_field, document_styles, grid_shape

FIGURE_WIDTH = Cm(16)
COVER_FIGURE_WIDTH = Cm(15)
COVER_BAND, COVER_RULE = "0B3D5C", "28A197"  # as the PDF's cover


def _table(doc: DocxDocument, table: Table) -> None:
    caption = doc.add_paragraph(f"Table {table.number}. {table.caption}", style="Caption")
    caption.paragraph_format.space_before = Pt(12)  # apart from a table just before it
    caption.paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=1, cols=len(table.headings))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, table.headings, strict=True):
        cell.text = heading
    grid_shape(grid, column_widths(table.headings, table.rows))
    for index in table.numeric:
        grid.rows[0].cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    body = grid._tbl
    for values in table.rows:
        body.append(_row(values, table.numeric))


def _row(values: Sequence[Cell], numeric: tuple[int, ...] = ()) -> etree._Element:
    """One table row built as XML directly: python-docx's add_row() and cell.text are about six times slower,
    which matters for the appendix's thousands of records."""
    row = OxmlElement("w:tr")
    for index, value in enumerate(values):
        language = value.language if isinstance(value, Written) else ""
        paragraph = cell_paragraph(right=index in numeric, rtl=written_rtl(language))
        cell = OxmlElement("w:tc")
        paragraph.append(written_run(str(value), language))
        cell.append(paragraph)
        row.append(cell)
    return row


def _figure(doc: DocxDocument, figure: Figure) -> None:
    png = svg_picture(figure.svg)
    doc.add_picture(io.BytesIO(png), width=FIGURE_WIDTH)
    doc.add_paragraph(f"Figure {figure.number}. {figure.caption}. {figure.description}", style="Caption")


def _facts(doc: DocxDocument, facts: Facts) -> None:
    for index, (label, value) in enumerate(facts.items, start=1):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        paragraph.paragraph_format.space_after = Pt(8 if index == len(facts.items) else 0)


def _block(doc: DocxDocument, block: object) -> None:
    if isinstance(block, Prose):
        markdown_docx(doc, block.markdown)
    elif isinstance(block, Heading):
        doc.add_heading(block.text, level=1 + block.depth)
    elif isinstance(block, Paragraph):
        doc.add_paragraph(block.text)
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Figure):
        _figure(doc, block)
    elif isinstance(block, References):
        for number, text in block.entries:
            doc.add_paragraph(f"[{number}] {text}")
    elif isinstance(block, Facts):
        _facts(doc, block)
    elif isinstance(block, Notice):
        doc.add_paragraph().add_run(block.text).italic = True
    elif isinstance(block, Quote):
        doc.add_paragraph(f"“{block.text}”", style="Quote")
        doc.add_paragraph(block.attribution, style="Caption")


def _page(doc: DocxDocument) -> None:
    """A4 with 2 cm margins either side (the width the tables are sized to)."""
    page = doc.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Cm(2)
    page.top_margin, page.bottom_margin = Cm(2.2), Cm(2.4)


def _cover(doc: DocxDocument, document: Document) -> None:
    """Title and subtitle, the framework's diagram, then who wrote it and when."""
    lines = [doc.add_paragraph(document.title, style="Title")]
    if document.subtitle:
        lines.append(doc.add_paragraph(document.subtitle, style="Subtitle"))
    for paragraph in lines:
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(0.4)
        band(paragraph, fill=COVER_BAND, rule=COVER_RULE if paragraph is lines[-1] else "")
    lines[0].paragraph_format.space_before = Pt(24)
    figure = document.cover_figure
    if figure is not None:
        doc.add_picture(io.BytesIO(svg_picture(figure.svg)), width=COVER_FIGURE_WIDTH)
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line, size in ((document.authors, 14), (document.date, 12)):
        if line:
            doc.add_paragraph().add_run(line).font.size = Pt(size)


def report_docx(*, document: Document) -> bytes:
    doc = new_docx()
    doc.core_properties.title = document.title
    doc.core_properties.author = document.authors
    doc.styles["Normal"].font.size = Pt(11)
    _page(doc)
    document_styles(doc)
    _cover(doc, document)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_paragraph("Contents", style="TOC Heading" if "TOC Heading" in doc.styles else "Heading 1")
    contents_field(doc, [f"{section.number}. {section.title}" for section in document.sections])
    for section in document.sections:
        doc.add_page_break()  # type: ignore[no-untyped-call]
        doc.add_heading(f"{section.number}. {section.title}", level=1)
        for block in section.blocks:
            _block(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
