"""A coded transcript as a Word document: the pseudonymised text turn by turn, coded words highlighted with
the code names in brackets after them, and a table of every coding at the end.

The text comes from the same one-pass cut as the coding page (`coded_turns`): each turn is one paragraph
and each run of words with the same codes is one run, so the work grows with the text and the number of
coding boundaries, never with one paragraph per coding.
"""

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_COLOR_INDEX

from coproduce.interviews.models import Transcript

from .selectors.coding import CodedTurn, MarginCoding, coded_turns

# Characters XML 1.0 does not allow (a Word document would not open with them in it).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _names(turns: list[CodedTurn]) -> dict[str, str]:
    return {str(c.code_id): c.code_name for turn in turns for c in turn.codings}


def _labels(codes: str, names: dict[str, str], cache: dict[str, str]) -> str:
    """ " [Trust; Informal trust]" for a segment's code ids, worked out once per set of codes."""
    if codes not in cache:
        cache[codes] = " [" + "; ".join(names.get(i, "Removed code") for i in codes.split()) + "]"
    return cache[codes]


def transcript_docx(*, transcript: Transcript, only_coder: int | None = None) -> bytes:
    """The Word document for a transcript (with `only_coder`, only that coder's codings, as when blind)."""
    stakeholder = transcript.interview.stakeholder
    turns = coded_turns(transcript=transcript, only_coder=only_coder)
    names, cache = _names(turns), dict[str, str]()
    document = Document()
    title = f"Interview with {stakeholder.code}"
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(f"Sector: {stakeholder.sector_label}")
    document.add_paragraph(
        "Pseudonymised transcript. Coded words are highlighted, with the codes in brackets after them."
    )
    for turn in turns:
        paragraph = document.add_paragraph()
        label = f"{turn.speaker} ({turn.timestamp}): " if turn.timestamp else f"{turn.speaker}: "
        paragraph.add_run(label).bold = True
        for text, _classes, codes in turn.segments:
            if not codes:
                paragraph.add_run(_clean(text))
                continue
            words = text.rstrip()  # the codes go straight after the words, before any space
            paragraph.add_run(_clean(words)).font.highlight_color = WD_COLOR_INDEX.YELLOW
            paragraph.add_run(_labels(codes, names, cache)).italic = True
            if len(words) < len(text):
                paragraph.add_run(text[len(words) :])
    _codings_table(document, [c for turn in turns for c in turn.codings])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _codings_table(document: DocxDocument, codings: list[MarginCoding]) -> None:
    document.add_heading("Codings", level=1)
    if not codings:
        document.add_paragraph("This transcript has no codings yet.")
        return
    table = document.add_table(rows=len(codings) + 1, cols=3)
    table.style = "Table Grid"
    rows = table.rows
    for cell, heading in zip(rows[0].cells, ("Code", "Coder", "Text"), strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for row, coding in zip(list(rows)[1:], codings, strict=True):
        for cell, value in zip(row.cells, (coding.code_name, coding.coder, coding.snippet), strict=True):
            cell.text = _clean(value)
