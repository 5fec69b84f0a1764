"""The report as a Word document: real headings, tables with captions, figures as pictures, numbered alike.

python-docx embeds PNG, not SVG, so each figure is rasterised with vl-convert first. Markdown written by
the team becomes paragraphs, headings and lists, with bold and italic kept; a picture in it becomes its
description and address (coproduce/core/markdown.py).
"""

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree
from markdown_it.token import Token

from coproduce.core.markdown import markdown_tokens
from coproduce.core.svg_convert import svg_png

from ..document import Document, Figure, Heading, Paragraph, Prose, Quote, References, Table

FIGURE_WIDTH = Cm(16)


def _inline(paragraph: DocxParagraph, token: Token) -> None:
    bold = italic = False
    for child in token.children or []:
        if child.type in ("strong_open", "strong_close"):
            bold = child.type == "strong_open"
        elif child.type in ("em_open", "em_close"):
            italic = child.type == "em_open"
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def _markdown(doc: DocxDocument, text: str) -> None:
    style = "Normal"
    for token in markdown_tokens(text):
        if token.type == "heading_open":
            style = "Heading 4" if token.tag in ("h3", "h4", "h5", "h6") else "Heading 3"
        elif token.type == "bullet_list_open":
            style = "List Bullet"
        elif token.type == "ordered_list_open":
            style = "List Number"
        elif token.type in ("bullet_list_close", "ordered_list_close", "heading_close"):
            style = "Normal"
        elif token.type == "inline":
            _inline(doc.add_paragraph(style=style), token)


def _table(doc: DocxDocument, table: Table) -> None:
    doc.add_paragraph(f"Table {table.number}. {table.caption}", style="Caption")
    grid = doc.add_table(rows=1, cols=len(table.headings))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, table.headings, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    body = grid._tbl
    for values in table.rows:
        body.append(_row(values))


def _row(values: list[str]) -> etree._Element:
    """One table row built as XML directly: python-docx's add_row() and cell.text are about six times slower,
    which matters for the appendix's thousands of records."""
    row = OxmlElement("w:tr")
    for value in values:
        text = OxmlElement("w:t")
        text.text = value
        text.set(qn("xml:space"), "preserve")
        run, paragraph, cell = OxmlElement("w:r"), OxmlElement("w:p"), OxmlElement("w:tc")
        run.append(text)
        paragraph.append(run)
        cell.append(paragraph)
        row.append(cell)
    return row


def _figure(doc: DocxDocument, figure: Figure) -> None:
    png = svg_png(figure.svg, scale=2)
    doc.add_picture(io.BytesIO(png), width=FIGURE_WIDTH)
    doc.add_paragraph(f"Figure {figure.number}. {figure.caption}. {figure.description}", style="Caption")


def _block(doc: DocxDocument, block: object) -> None:
    if isinstance(block, Prose):
        _markdown(doc, block.markdown)
    elif isinstance(block, Heading):
        doc.add_heading(block.text, level=2)
    elif isinstance(block, Paragraph):
        doc.add_paragraph(block.text)
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Figure):
        _figure(doc, block)
    elif isinstance(block, References):
        for number, text in block.entries:
            doc.add_paragraph(f"[{number}] {text}")
    elif isinstance(block, Quote):
        doc.add_paragraph(f"“{block.text}”", style="Quote")
        doc.add_paragraph(block.attribution, style="Caption")


def report_docx(*, document: Document) -> bytes:
    doc = new_docx()
    doc.core_properties.title = document.title
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(document.title, level=0)
    for line in (document.subtitle, document.authors, document.date):
        if line:
            doc.add_paragraph(line)
    for section in document.sections:
        doc.add_page_break()  # type: ignore[no-untyped-call]
        doc.add_heading(f"{section.number}. {section.title}", level=1)
        for block in section.blocks:
            _block(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
