"""The codebook as a spreadsheet (CSV) or a document (DOCX), for reading and sharing outside the tool."""

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument

from coproduce.core.spreadsheets import Cell, csv_bytes
from coproduce.projects.models import Project

from .selectors.codebook import CodeNode, code_tree, code_tree_walk

CSV_HEADINGS = [
    "code",
    "path",
    "level of working",
    "colour",
    "definition",
    "use it when",
    "do not use it when",
    "example",
    "codings",
    "transcripts",
]


def codebook_csv(*, project: Project) -> bytes:
    """One row per code, parents before their sub-codes; `path` is the code's place in the tree."""
    rows: list[Sequence[Cell]] = [CSV_HEADINGS]
    paths: dict[int, str] = {}
    for node in code_tree_walk(code_tree(project=project)):
        code = node.code
        paths[code.pk] = f"{paths[code.parent_id]} > {code.name}" if code.parent_id else code.name
        rows.append(
            [
                code.name,
                paths[code.pk],
                code.get_level_display(),
                code.colour,
                code.definition,
                code.include_note,
                code.exclude_note,
                code.example,
                node.codings,
                node.transcripts,
            ]
        )
    return csv_bytes(rows)


def _docx_code(document: DocxDocument, node: CodeNode) -> None:
    code = node.code
    document.add_heading(code.name, level=min(node.depth + 1, 9))
    facts = [
        ("Level of working", code.get_level_display()),
        ("Definition", code.definition),
        ("Use it when", code.include_note),
        ("Do not use it when", code.exclude_note),
        ("Example", code.example),
    ]
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    used = f"Used in {node.codings} coding{'s' if node.codings != 1 else ''} in {node.transcripts} transcript"
    document.add_paragraph(used + ("s." if node.transcripts != 1 else "."))
    for child in node.children:
        _docx_code(document, child)


def codebook_docx(*, project: Project) -> bytes:
    """A heading per code, nested as the tree is, with its definition, notes, example and level."""
    document = Document()
    document.core_properties.title = f"Codebook: {project.title}"
    document.add_heading(f"Codebook: {project.title}", level=0)
    tree = code_tree(project=project)
    if not tree:
        document.add_paragraph("The codebook has no codes yet.")
    for node in tree:
        _docx_code(document, node)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
