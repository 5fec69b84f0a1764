"""Word documents (.docx): one line a paragraph, table rows as "cell: cell" lines, then the plain layouts.

The zip inside is checked by the bounded reader (coproduce.core.archives) before python-docx or mammoth
opens it, so a small file that would unzip to hundreds of megabytes is refused at once."""

import io

import docx
import mammoth
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from coproduce.core.archives import ArchiveProblem, ArchiveUnreadable, BoundedArchive

from .layouts import parse_text_lines
from .transcript import ParsedTranscript, TranscriptProblem, normalise_text, timestamp_ms

_DAMAGED = "The Word document cannot be opened. It may be damaged or not really a .docx file: save it again."


def parse_docx(data: bytes) -> ParsedTranscript:
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds of error for a damaged package
        lines = _mammoth_lines(data, error)
    else:
        lines = _document_lines(document)
    text = normalise_text("\n".join(lines))
    if not text.strip():
        raise TranscriptProblem("The Word document has no text in it.")
    return parse_text_lines(text.split("\n"), fmt="docx")


def _document_lines(document: Document) -> list[str]:
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(block.text.split("\n"))
            lines.append("")
        else:
            lines.extend(_table_lines(block))
    return lines


def _mammoth_lines(data: bytes, first_error: Exception) -> list[str]:
    """Mammoth reads some documents that python-docx refuses."""
    try:
        text = mammoth.extract_raw_text(io.BytesIO(data)).value
    except Exception:
        raise TranscriptProblem(_DAMAGED) from first_error
    return str(text).replace("\r\n", "\n").split("\n")


def _check_package(data: bytes) -> None:
    """Refuse a package that cannot be opened, is over the archive limits, or is another kind of document."""
    try:
        names = set(BoundedArchive(data).names())
    except ArchiveUnreadable as error:
        raise TranscriptProblem(_DAMAGED) from error
    except ArchiveProblem as error:
        raise TranscriptProblem(
            f"{error} Save the transcript without pictures, or as a text file."
        ) from error
    if "content.xml" in names and "word/document.xml" not in names:
        raise TranscriptProblem("This is an OpenDocument (.odt) file. Save it as .docx and upload that.")
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise TranscriptProblem("This is a spreadsheet or a presentation, not a Word document.")


def _table_lines(table: Table) -> list[str]:
    """A row of speaker and text (perhaps with a time) becomes "[time] speaker: text"; others are joined."""
    lines: list[str] = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()) for cell in row.cells]
        cells = [cell for index, cell in enumerate(cells) if cell and cell not in cells[:index]]
        times = [cell for cell in cells if timestamp_ms(cell) is not None]
        words = [cell for cell in cells if timestamp_ms(cell) is None]
        if len(words) == 2 and len(words[0]) <= 40:
            stamp = f"[{times[0]}] " if times else ""
            lines.append(f"{stamp}{words[0]}: {words[1]}")
        elif words:
            lines.append(" ".join(words))
        lines.append("")
    return lines
