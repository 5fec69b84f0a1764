"""From uploaded bytes to records: decode the text, recognise the format, run its parser."""

import codecs
import re
from collections.abc import Callable

from coproduce.evidence.models import ImportFormat

from .bibtex import parse_bibtex
from .csl_json import parse_csl_json
from .csv import parse_csv
from .nbib import parse_nbib
from .records import ImportProblem, ParsedRecord
from .ris import parse_ris

MAX_BYTES = 50 * 1024 * 1024
FORMAT_PARSERS: dict[str, Callable[[str], list[ParsedRecord]]] = {
    ImportFormat.RIS: parse_ris,
    ImportFormat.BIBTEX: parse_bibtex,
    ImportFormat.CSV: parse_csv,
    ImportFormat.NBIB: parse_nbib,
    ImportFormat.CSL_JSON: parse_csl_json,
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
_NBIB_START = re.compile(r"^PMID- ", re.MULTILINE)
_BIBTEX_START = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, else Windows-1252, else Latin-1."""
    if len(raw) > MAX_BYTES:
        raise ImportProblem(0, "The file is bigger than 50 MB. Split it into smaller files.")
    if not raw.strip():
        raise ImportProblem(0, "The file is empty.")
    if raw.startswith(b"PK\x03\x04"):
        raise ImportProblem(0, "This is a zip or Excel file. Export the records as RIS, BibTeX or CSV.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportProblem(0, "The file's text encoding cannot be read.") from error
    else:
        text = _decode_8bit(raw)
    if "\x00" in text or len(_CONTROL.findall(text[:100_000])) > 10:
        raise ImportProblem(0, "This is not a text file. Export the records as RIS, BibTeX or CSV.")
    return text.removeprefix("\ufeff")


def _decode_8bit(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def detect_format(*, filename: str, text: str) -> str:
    """The format from the file's content when it is clear, else from its extension."""
    head = text[:20_000]
    if _RIS_START.search(head):
        return ImportFormat.RIS
    if _NBIB_START.search(head):
        return ImportFormat.NBIB
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
