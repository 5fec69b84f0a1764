"""From uploaded bytes to records: decode the text, recognise the format, run its parser.

Formats are recognised by their content first (a RIS `TY  - `, a MEDLINE `PMID- `, a Web of Science file
starting `FN` or `PT`, a BibTeX `@type{`, JSON), and by the file's extension only when that is not clear.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from coproduce.core.text_upload import TextLimits, TextUploadError, UploadedText, text_decode
from coproduce.evidence.models import ImportFormat

from .bibtex import parse_bibtex
from .csl_json import parse_csl_json
from .csv import parse_csv
from .nbib import parse_nbib
from .records import ImportProblem, ParsedRecord, Unusable, unusable
from .ris import parse_ris
from .wos import parse_wos

MAX_BYTES = 50 * 1024 * 1024
LIMITS = TextLimits(
    max_bytes=MAX_BYTES,
    advice="Export the records as RIS, BibTeX or CSV.",
)
FORMAT_PARSERS: dict[str, Callable[[str], list[ParsedRecord]]] = {
    ImportFormat.RIS: parse_ris,
    ImportFormat.BIBTEX: parse_bibtex,
    ImportFormat.CSV: parse_csv,
    ImportFormat.NBIB: parse_nbib,
    ImportFormat.CSL_JSON: parse_csl_json,
    ImportFormat.WOS: parse_wos,
}
_EXTENSIONS = {
    ".ris": ImportFormat.RIS,
    ".bib": ImportFormat.BIBTEX,
    ".bibtex": ImportFormat.BIBTEX,
    ".csv": ImportFormat.CSV,
    ".nbib": ImportFormat.NBIB,
    ".json": ImportFormat.CSL_JSON,
}
_RIS_START = re.compile(r"^TY  ?- ", re.MULTILINE)
_NBIB_START = re.compile(r"^(?:PMID|PMC |OWN |STAT)- ", re.MULTILINE)
_BIBTEX_START = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)
_WOS_START = re.compile(r"^\ufeff?(?:FN .*\n(?:VR .*\n)?\s*)?PT [A-Z]\s*$", re.MULTILINE)


def decode(raw: bytes) -> str:
    """The file's text (coproduce.core.text_upload), or ImportProblem saying why it cannot be read."""
    return decode_upload(raw).text


def decode_upload(raw: bytes) -> UploadedText:
    """The file's text with the encoding it was read with (a page says which when it was assumed)."""
    try:
        return text_decode(raw, limits=LIMITS)
    except TextUploadError as problem:
        raise ImportProblem(problem.line, problem.reason) from problem


def detect_format(*, filename: str, text: str) -> str:
    """The format from the file's content when it is clear, else from its extension."""
    head = text[:20_000]
    if _RIS_START.search(head):
        return ImportFormat.RIS
    if _NBIB_START.search(head):
        return ImportFormat.NBIB
    if _WOS_START.match(head.lstrip("\ufeff\r\n")):
        return ImportFormat.WOS
    if _BIBTEX_START.search(head):
        return ImportFormat.BIBTEX
    if head.lstrip().startswith(("[", "{")):
        return ImportFormat.CSL_JSON
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    raise ImportProblem(0, "The format of this file cannot be recognised. Choose the format.")


def parse(*, fmt: str, text: str, mapping: dict[str, str] | None = None) -> list[ParsedRecord]:
    """Every record of the file, or ImportProblem; parsers' unexpected errors become problems too."""
    try:
        if fmt == ImportFormat.CSV:
            return parse_csv(text, mapping)
        return FORMAT_PARSERS[fmt](text)
    except ImportProblem:
        raise
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, RecursionError) as error:
        raise ImportProblem(0, f"The file cannot be read as {ImportFormat(fmt).label}: {error}") from error


@dataclass(frozen=True)
class ParsedFile:
    """A file's records that can be used, and those that cannot (see `ParsedRecord.usable`)."""

    records: list[ParsedRecord]
    unusable: list[Unusable]

    @property
    def in_file(self) -> int:
        return len(self.records) + len(self.unusable)


_UNITS: dict[str, str] = {ImportFormat.CSV: "Row", ImportFormat.CSL_JSON: "Record"}


def parse_usable(*, fmt: str, text: str, mapping: dict[str, str] | None = None) -> ParsedFile:
    """The file's records split into those that can be used and those listed as not; ImportProblem when the
    file cannot be read or when not one of its records can be used."""
    records = parse(fmt=fmt, text=text, mapping=mapping)
    unit = _UNITS.get(fmt, "Line")
    found = ParsedFile(
        records=[r for r in records if r.usable],
        unusable=[unusable(r, unit=unit) for r in records if not r.usable],
    )
    if not found.records:
        which = (
            "The one record in the file cannot be used: it has"
            if found.in_file == 1
            else f"None of the {found.in_file} records in the file can be used: each has"
        )
        raise ImportProblem(
            0,
            f"{which} no title, abstract or DOI. Check that the file holds the records and, for a "
            "spreadsheet, which column holds the titles.",
        )
    return found
