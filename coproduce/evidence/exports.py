"""Downloads of screened records as RIS, BibTeX or CSV, with the team's decisions as keywords.

Each record keeps its own keywords and gains tags that reference managers (Zotero, EndNote, Mendeley) import
as tags: `coproduce:included` or `coproduce:excluded` for where the record ended up, `coproduce:ta-include`
(`-exclude`, `-maybe`) and `coproduce:ft-...` for the current decision at each stage, and
`coproduce:reason:<reason>` for the reason of an exclusion, and `coproduce:prior-relevant` (or
`-irrelevant`) for a record the team marked as prior knowledge. In tags, runs of spaces, hyphens, commas and
semicolons become one hyphen, because BibTeX and spreadsheet keyword lists are split on commas and semicolons.

References are published works, not personal data, so every field goes to every member who can see the review.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.core.spreadsheets import csv_write as spreadsheet_write
from coproduce.projects.models import Project

from .models import Decision, Reference, ScreeningStage, SourceType
from .prisma import current_reasons
from .selectors.priors import prior_labels
from .selectors.screening import current_decisions, review_outcome, screenable_references

TAG = "coproduce"
_SEPARATORS = re.compile(r"[;,\s\-]+")
_NOT_KEY = re.compile(r"[^A-Za-z0-9]")


class ExportRecords(models.TextChoices):
    INCLUDED = "included", "Included records"
    EXCLUDED = "excluded", "Excluded records"
    ALL = "all", "All records (not duplicates)"


class ExportFormat(models.TextChoices):
    RIS = "ris", "RIS (Zotero, EndNote, Mendeley)"
    BIBTEX = "bibtex", "BibTeX (Zotero, JabRef, LaTeX)"
    CSV = "csv", "CSV spreadsheet"


@dataclass(frozen=True)
class ExportRow:
    reference: Reference
    tags: list[str]

    @property
    def keywords(self) -> list[str]:
        own = [str(k) for k in self.reference.keywords]
        return own + [t for t in self.tags if t not in own]


def _tag(*parts: str) -> str:
    return ":".join([TAG, *(_SEPARATORS.sub("-", p.strip().lower()) for p in parts)])


def export_rows(*, project: Project, records: str) -> list[ExportRow]:
    """The records to export (included, excluded or all), in id order, each with its decision tags."""
    ta = current_decisions(project=project)
    ft = current_decisions(project=project, stage=ScreeningStage.FULL_TEXT)
    reasons = {
        "ta": current_reasons(project=project, stage=ScreeningStage.TITLE_ABSTRACT),
        "ft": current_reasons(project=project, stage=ScreeningStage.FULL_TEXT),
    }
    priors = prior_labels(project=project)
    rows = []
    for reference in screenable_references(project=project).order_by("pk"):
        decisions = {"ta": ta.get(reference.pk), "ft": ft.get(reference.pk)}
        outcome = review_outcome(decisions["ta"], decisions["ft"], full_text_stage=bool(ft))
        if records != ExportRecords.ALL and outcome != records:
            continue
        tags = [_tag(outcome)] if outcome else []
        for stage, decision in decisions.items():
            if decision:
                tags.append(_tag(f"{stage}-{decision}"))
            if decision == Decision.EXCLUDE and reference.pk in reasons[stage]:
                tags.append(_tag("reason", reasons[stage][reference.pk]))
        if reference.pk in priors:
            tags.append(_tag("prior-relevant" if priors[reference.pk] else "prior-irrelevant"))
        rows.append(ExportRow(reference=reference, tags=tags))
    return rows


RIS_TYPES = {
    SourceType.JOURNAL_ARTICLE: "JOUR",
    SourceType.BOOK: "BOOK",
    SourceType.CHAPTER: "CHAP",
    SourceType.REPORT: "RPRT",
    SourceType.COUNCIL_PAPER: "GOVDOC",
    SourceType.WEB_PAGE: "ELEC",
    SourceType.THESIS: "THES",
    SourceType.CONFERENCE: "CONF",
    SourceType.OTHER: "GEN",
}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def ris_record(row: ExportRow) -> str:
    ref = row.reference
    start, _, end = ref.pages.partition("-")
    kind = RIS_TYPES.get(SourceType(ref.source_type), "GEN")
    tags: list[tuple[str, str]] = [("TY", kind), ("TI", ref.title)]
    tags += [("AU", str(author)) for author in ref.authors]
    tags += [("PY", str(ref.year or "")), ("T2", ref.container), ("VL", ref.volume), ("IS", ref.issue)]
    tags += [("SP", start), ("EP", end), ("PB", ref.publisher), ("DO", ref.doi), ("AN", ref.pmid)]
    tags += [("UR", ref.url), ("AB", ref.abstract)]
    tags += [("KW", keyword) for keyword in row.keywords]
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if _one_line(value)]
    return "\n".join([*lines, "ER  - ", ""])


def ris_write(rows: list[ExportRow]) -> str:
    return "\n".join(ris_record(row) for row in rows)


BIBTEX_TYPES = {
    SourceType.JOURNAL_ARTICLE: "article",
    SourceType.BOOK: "book",
    SourceType.CHAPTER: "incollection",
    SourceType.REPORT: "techreport",
    SourceType.COUNCIL_PAPER: "techreport",
    SourceType.WEB_PAGE: "online",
    SourceType.THESIS: "phdthesis",
    SourceType.CONFERENCE: "inproceedings",
    SourceType.OTHER: "misc",
}
_CONTAINER = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}
_PUBLISHER = {"techreport": "institution", "phdthesis": "school"}
_LATEX = {"\\": "", "{": "", "}": "", "&": r"\&", "%": r"\%", "$": r"\$", "_": r"\_"}


def _latex(text: str) -> str:
    return "".join(_LATEX.get(char, char) for char in _one_line(text))


def bibtex_name(author: str) -> str:
    """A stored name as BibTeX reads it back: 'Bell, Edwin V., II' (von Last, First, Jr) becomes
    'Bell, II, Edwin V.', BibTeX's order; a name with no comma and more than one word, such as
    'World Health Organization', goes in braces so that it stays one name, not a first and last name."""
    name = _latex(author)
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 1 and " " in name:
        return "{" + name + "}"
    if len(parts) == 3 and all(parts):
        return f"{parts[0]}, {parts[2]}, {parts[1]}"
    return name


def _bibtex_key(ref: Reference) -> str:
    """'quillfeather2021_12': unique through the record's id."""
    stem = _NOT_KEY.sub("", slugify(ref.first_author.split(",")[0])) or "record"
    return f"{stem}{ref.year or ''}_{ref.pk}"


def bibtex_entry(row: ExportRow) -> Entry:
    ref = row.reference
    kind = BIBTEX_TYPES.get(SourceType(ref.source_type), "misc")
    values = {
        "title": "{" + _latex(ref.title) + "}",
        "author": " and ".join(bibtex_name(str(a)) for a in ref.authors),
        "year": str(ref.year or ""),
        _CONTAINER.get(kind, "series"): _latex(ref.container),
        "volume": _latex(ref.volume),
        "number": _latex(ref.issue),
        "pages": _latex(ref.pages),
        _PUBLISHER.get(kind, "publisher"): _latex(ref.publisher),
        "doi": _one_line(ref.doi),
        "pmid": _one_line(ref.pmid),
        "url": _one_line(ref.url),
        "abstract": _latex(ref.abstract),
        "keywords": ", ".join(_latex(k).replace(",", " ").replace(";", " ") for k in row.keywords),
    }
    fields = [Field(name, value) for name, value in values.items() if value]
    return Entry(kind, _bibtex_key(ref), fields)


def bibtex_write(rows: list[ExportRow]) -> str:
    library = Library()
    for row in rows:
        library.add(bibtex_entry(row))
    return str(write_string(library))


CSV_COLUMNS: dict[str, Callable[[ExportRow], str]] = {
    "title": lambda r: r.reference.title,
    "authors": lambda r: "; ".join(str(a) for a in r.reference.authors),
    "year": lambda r: str(r.reference.year or ""),
    "journal": lambda r: r.reference.container,
    "volume": lambda r: r.reference.volume,
    "issue": lambda r: r.reference.issue,
    "pages": lambda r: r.reference.pages,
    "publisher": lambda r: r.reference.publisher,
    "doi": lambda r: r.reference.doi,
    "pmid": lambda r: r.reference.pmid,
    "url": lambda r: r.reference.url,
    "type": lambda r: r.reference.get_source_type_display(),
    "abstract": lambda r: r.reference.abstract,
    "keywords": lambda r: "; ".join(k.replace(";", " ").replace(",", " ") for k in r.keywords),
    "decisions": lambda r: "; ".join(r.tags),
}


def csv_write(rows: list[ExportRow]) -> str:
    out = io.StringIO(newline="")
    table = [[column(row) for column in CSV_COLUMNS.values()] for row in rows]
    spreadsheet_write(rows=[list(CSV_COLUMNS), *table], out=out)
    return out.getvalue()


WRITERS: dict[str, tuple[Callable[[list[ExportRow]], str], str, str]] = {
    ExportFormat.RIS: (ris_write, "application/x-research-info-systems", "ris"),
    ExportFormat.BIBTEX: (bibtex_write, "application/x-bibtex", "bib"),
    ExportFormat.CSV: (csv_write, "text/csv", "csv"),
}


@transaction.atomic
def references_export(*, project: Project, records: str, file_format: str, by: User) -> Download:
    """A download of the chosen records in the chosen format; writes an audit row."""
    rows = export_rows(project=project, records=records)
    write, content_type, extension = WRITERS[file_format]
    text = write(rows)
    audit_record(
        action="evidence.export.downloaded",
        by=by,
        project_id=project.pk,
        object_repr=f"{records} records as {extension}",
        changes={"records": records, "format": file_format, "count": len(rows)},
    )
    stamp = timezone.localdate().isoformat()
    filename = f"{slugify(project.title)[:40] or 'project'}-{records}-records-{stamp}.{extension}"
    return Download(filename=filename, content_type=f"{content_type}; charset=utf-8", content=text.encode())
