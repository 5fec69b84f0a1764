"""BibTeX (Zotero, Google Scholar, JabRef), read with bibtexparser 2."""

import re

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import Entry

from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, author_name, doi_normalise, record, url_or_blank, year_from

TYPES = {
    "article": SourceType.JOURNAL_ARTICLE,
    **dict.fromkeys(("book", "booklet"), SourceType.BOOK),
    **dict.fromkeys(("inbook", "incollection"), SourceType.CHAPTER),
    **dict.fromkeys(("techreport", "report"), SourceType.REPORT),
    **dict.fromkeys(("phdthesis", "mastersthesis", "thesis"), SourceType.THESIS),
    **dict.fromkeys(("inproceedings", "conference", "proceedings"), SourceType.CONFERENCE),
    **dict.fromkeys(("online", "electronic", "www", "webpage"), SourceType.WEB_PAGE),
}
_ACCENT = re.compile(r"\\[`'^\"~=.uvHckrb]\s*\{?([A-Za-z])\}?")
_COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
_INCOMPLETE = "the entry is not complete (a closing brace or quote may be missing)."
_SYMBOLS = {r"\&": "&", r"\%": "%", r"\$": "$", r"\_": "_", "--": "\u2013", "~": " "}


def latex_to_text(value: str) -> str:
    """Good enough for titles and names: accents lose their marks, braces and commands go."""
    for code, char in _SYMBOLS.items():
        value = value.replace(code, char)
    value = _ACCENT.sub(r"\1", value)
    value = _COMMAND.sub("", value)
    return value.replace("{", "").replace("}", "")


def parse_bibtex(text: str) -> list[ParsedRecord]:
    try:
        library = parse_string(text)
    except Exception as error:  # the parser's own errors are not part of its API
        raise ImportProblem(0, f"The file cannot be read as BibTeX: {error}") from error
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = (block.start_line or 0) + 1
        reason = (str(getattr(block, "error", "")).strip() or _INCOMPLETE).splitlines()[0]
        raise ImportProblem(line, f"BibTeX entry at line {line} could not be read: {reason}")
    if not library.entries:
        raise ImportProblem(0, "The file has no BibTeX entries (each starts with @article{ or similar).")
    return [_record(entry) for entry in library.entries]


def _field(entry: Entry, name: str) -> str:
    field = entry.fields_dict.get(name)
    return latex_to_text(str(field.value)) if field is not None else ""


def _record(entry: Entry) -> ParsedRecord:
    line = (entry.start_line or 0) + 1
    title = _field(entry, "title")
    if not title.strip() and not (_field(entry, "abstract") or _field(entry, "doi")):
        raise ImportProblem(line, f"the BibTeX entry '{entry.key}' has no title, abstract or DOI.")
    kind = entry.entry_type.lower()
    names = re.split(r"\s+and\s+", _field(entry, "author") or _field(entry, "editor"))
    keywords = re.split(r"[;,]", _field(entry, "keywords"))
    return record(
        title=title,
        line=line,
        source_type=TYPES.get(kind, SourceType.OTHER),
        abstract=_field(entry, "abstract"),
        authors=tuple(author_name(n) for n in names if n.strip()),
        year=year_from(_field(entry, "year") or _field(entry, "date")),
        container=_field(entry, "journal") or _field(entry, "booktitle") or _field(entry, "series"),
        volume=_field(entry, "volume"),
        issue=_field(entry, "number"),
        pages=_field(entry, "pages"),
        publisher=_field(entry, "publisher") or _field(entry, "institution") or _field(entry, "school"),
        doi=doi_normalise(_field(entry, "doi")),
        pmid=_field(entry, "pmid"),
        url=url_or_blank(_field(entry, "url")),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
    )
