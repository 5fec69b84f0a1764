"""The report as a file the task worker makes and keeps: its formats, its name, and the digest of one build.

A build is named by a digest of everything that decides its bytes: the document the exports render (every
section, block and figure, and the date on the cover), the format, the file name, and the version of the
export code (the writers, their templates, the shared PDF, Markdown and drawing code, and the libraries that
lay the file out). Two builds with the same digest make the same file, so asking again reuses the first
(`services.report_file_request`); a section edited or a recommendation published changes the digest.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from django.template.loader import get_template
from django.utils.text import slugify

from coproduce.core import docx_written, markdown, pdf, svg_convert
from coproduce.core.code_digest import code_digest
from coproduce.projects.models import Project

from ..document import Document
from . import docx_markdown, docx_parts, docx_writer, html_writer, print_fonts

# Raise when a file would change for a reason the files and libraries below do not show.
EXPORT_REVISION = 1
EXPORT_CODE: tuple[ModuleType, ...] = (
    docx_writer, docx_markdown, docx_parts, docx_written, html_writer, print_fonts, pdf, markdown,
    svg_convert,
)  # fmt: skip
EXPORT_TEMPLATES = ("reports/document.html", "reports/_document_body.html", "reports/_print.css")
EXPORT_LIBRARIES = ("weasyprint", "python-docx", "vl-convert-python", "markdown-it-py", "mdit-py-plugins")


@dataclass(frozen=True)
class ReportFormat:
    key: str
    label: str  # what the team sees of the job
    extension: str
    content_type: str
    render: Callable[[Document], bytes]
    step: str  # what the worker is doing while it writes the file

    @property
    def kind(self) -> str:
        return f"reports.{self.key}"


PDF = ReportFormat(
    key="pdf",
    label="The report as PDF",
    extension="pdf",
    content_type="application/pdf",
    render=lambda document: html_writer.report_pdf(document=document),
    step="Laying out the pages of the PDF",
)
DOCX = ReportFormat(
    key="docx",
    label="The report as a Word document",
    extension="docx",
    content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    render=lambda document: docx_writer.report_docx(document=document),
    step="Writing the Word document",
)
FORMATS = {f.key: f for f in (PDF, DOCX)}


def report_filename(*, project: Project, file_format: ReportFormat) -> str:
    return f"{slugify(project.title) or 'report'}.{file_format.extension}"


def _template_path(name: str) -> Path:
    origin = get_template(name).origin  # type: ignore[attr-defined]  # every backend's templates have one
    return Path(origin.name)


@cache
def export_version() -> str:
    """A digest of the export code: the writers and the shared code they call, their templates, and the
    versions of the libraries that write the files. Worked out once per process (code changes restart it)."""
    paths = [Path(str(module.__file__)) for module in EXPORT_CODE] + [
        _template_path(name) for name in EXPORT_TEMPLATES
    ]
    return code_digest(
        revision=EXPORT_REVISION, files=[(path.name, path) for path in paths], libraries=EXPORT_LIBRARIES
    )


def _plain(document: Document) -> dict[str, object]:
    """The document as plain data; each block with its kind, since blocks of two kinds can share fields."""
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "number": s.number,
            "blocks": [{"kind": b.kind, **asdict(b)} for b in s.blocks],
        }
        for s in document.sections
    ]
    head = {"title": document.title, "subtitle": document.subtitle, "authors": document.authors}
    return {**head, "date": document.date, "audience": str(document.audience), "sections": sections}


def report_digest(*, document: Document, file_format: ReportFormat, filename: str) -> str:
    """The name of the build that would make `document` into `filename` in `file_format` with this code."""
    named = [file_format.key, filename, export_version(), _plain(document)]
    return hashlib.sha256(json.dumps(named, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
