"""The team's Markdown in a Word document, read by the same parser as every other output
(coproduce/core/markdown.py): headings, paragraphs and lists with bold and italic kept, links that keep their
address, tables as Word tables (sized and headed as the report's own), and footnotes numbered in the text
and listed as notes after it.
"""

from dataclasses import dataclass, field
from typing import cast

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree
from markdown_it.token import Token

from coproduce.core.markdown import markdown_tokens

from .docx_parts import TABLE_TEXT_ID, column_widths, grid_shape, link_open, link_run

NOTE_SIZE = Pt(9)


def inline(paragraph: DocxParagraph, token: Token) -> None:
    """The words of one block, formatted, into the paragraph."""
    bold = italic = False
    link: etree._Element | None = None
    for child in token.children or []:
        if child.type in ("strong_open", "strong_close"):
            bold = child.type == "strong_open"
        elif child.type in ("em_open", "em_close"):
            italic = child.type == "em_open"
        elif child.type == "link_open":
            link = link_open(paragraph, str(child.attrGet("href") or ""))
        elif child.type == "link_close":
            link = None
        elif child.type in ("text", "code_inline", "softbreak", "hardbreak"):
            run = paragraph.add_run(child.content if child.type in ("text", "code_inline") else " ")
            run.bold, run.italic = bold or None, italic or None
            if link is not None:
                link_run(link, run)
        elif child.type == "footnote_ref":
            paragraph.add_run(str(child.meta["id"] + 1)).font.superscript = True


@dataclass
class _Table:
    """A Markdown table read so far: its rows, each a list of cells' inline tokens."""

    rows: list[list[Token]] = field(default_factory=list)

    def write(self, doc: DocxDocument) -> None:
        if not self.rows or not self.rows[0]:
            return
        texts = [[cell.content for cell in row] for row in self.rows]
        grid = doc.add_table(rows=len(self.rows), cols=len(self.rows[0]))
        grid.style = "Table Grid"
        for docx_row, row in zip(grid.rows, self.rows, strict=True):
            for cell, token in zip(docx_row.cells, row, strict=False):
                cell.paragraphs[0]._p.style = TABLE_TEXT_ID  # by id: looking the name up takes a while
                inline(cell.paragraphs[0], token)
        grid_shape(grid, column_widths(texts[0], texts[1:]))


@dataclass
class _Reader:
    doc: DocxDocument
    style: str = "Normal"
    table: _Table | None = None
    note: int = 0  # the number of the footnote starting, or 0
    notes: bool = False  # reading the footnotes, after the text

    def token(self, token: Token) -> None:
        kind = token.type
        if kind == "table_open":
            self.table = _Table()
        elif kind == "table_close" and self.table is not None:
            self.table.write(self.doc)
            self.table = None
        elif kind == "tr_open" and self.table is not None:
            self.table.rows.append([])
        elif kind == "inline" and self.table is not None:
            self.table.rows[-1].append(token)
        elif kind == "footnote_block_open":
            self.doc.add_paragraph("Notes", style="Heading 4")
            self.notes = True
        elif kind == "footnote_open":
            self.note = token.meta["id"] + 1
        elif kind == "inline":
            self.paragraph(token)
        elif kind in ("fence", "code_block"):
            self.doc.add_paragraph(token.content.rstrip("\n"), style="Normal")
        else:
            self.structure(token)

    def paragraph(self, token: Token) -> None:
        paragraph = self.doc.add_paragraph(style=self.style)
        if self.note:
            paragraph.add_run(f"{self.note}. ")
            self.note = 0
        inline(paragraph, token)
        for element in paragraph._p.iter(qn("w:r")) if self.notes else []:  # links' words too
            Run(cast(CT_R, element), paragraph).font.size = NOTE_SIZE

    def structure(self, token: Token) -> None:
        if token.type == "heading_open":
            self.style = "Heading 4" if token.tag in ("h3", "h4", "h5", "h6") else "Heading 3"
        elif token.type == "bullet_list_open":
            self.style = "List Bullet"
        elif token.type == "ordered_list_open":
            self.style = "List Number"
        elif token.type == "blockquote_open":
            self.style = "Quote"
        elif token.type in ("bullet_list_close", "ordered_list_close", "heading_close", "blockquote_close"):
            self.style = "Normal"


def markdown_docx(doc: DocxDocument, text: str) -> None:
    """The Markdown written into the document."""
    reader = _Reader(doc)
    for token in markdown_tokens(text):
        reader.token(token)
