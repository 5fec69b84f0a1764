"""BibTeX and biblatex (Zotero, Google Scholar, JabRef), read with bibtexparser 2.

LaTeX in the text fields (accents such as `Bostr\\"{o}m`, `{\\AA}`, commands such as `\\emph{...}`,
math) becomes Unicode text with pylatexenc, the decoder bibtexparser itself uses: braces that protect
capitals are dropped and their letters kept. Names are split on "and" outside braces, so
`{Barnes and Noble}` stays one author. A biblatex `@set` only groups entries that are in the file
themselves, so the set is skipped and its members are read; two entries under one key are both read.
"""

import re

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry
from pylatexenc.latex2text import LatexNodes2Text

from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, author_name, doi_normalise, record, url_or_blank, year_from

TYPES = {
    "article": SourceType.JOURNAL_ARTICLE,
    **dict.fromkeys(("book", "booklet", "mvbook"), SourceType.BOOK),
    **dict.fromkeys(("inbook", "incollection", "bookinbook"), SourceType.CHAPTER),
    **dict.fromkeys(("techreport", "report"), SourceType.REPORT),
    **dict.fromkeys(("phdthesis", "mastersthesis", "thesis"), SourceType.THESIS),
    **dict.fromkeys(("inproceedings", "conference", "proceedings", "mvproceedings"), SourceType.CONFERENCE),
    **dict.fromkeys(("online", "electronic", "www", "webpage"), SourceType.WEB_PAGE),
}
GROUPS = frozenset({"set", "xdata"})  # biblatex entries that hold no work of their own
_REPEATED = (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)
_INCOMPLETE = "the entry is not complete (a closing brace or quote may be missing)."
_DECODER = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
_ESCAPED = re.compile(r"\\([_%&#$])")  # in a DOI or URL only the escaped characters are LaTeX


def latex_to_text(value: str) -> str:
    """The text a reader of the typeset page sees: `Bostr\\"{o}m` -> Boström, `{DNA}` -> DNA, and
    `$\\alpha$` -> the Greek letter."""
    if "\\" not in value and "{" not in value and "$" not in value and "~" not in value:
        return value
    try:
        text = str(_DECODER.latex_to_text(value))
    except (ValueError, IndexError, RecursionError):  # malformed LaTeX: keep the letters, drop the markup
        text = value.replace("{", "").replace("}", "")
    return text.replace("\xa0", " ")


def parse_bibtex(text: str) -> list[ParsedRecord]:
    try:
        library = parse_string(text)
    except Exception as error:  # the parser's own errors are not part of its API
        raise ImportProblem(0, f"The file cannot be read as BibTeX: {error}") from error
    # Two entries under one key, or one field given twice, are still works to import: keep the entry.
    kept = [b.ignore_error_block for b in library.failed_blocks if isinstance(b, _REPEATED)]
    failed = [b for b in library.failed_blocks if not isinstance(b, _REPEATED)]
    if failed:
        block = failed[0]
        line = (block.start_line or 0) + 1
        reason = (str(getattr(block, "error", "")).strip() or _INCOMPLETE).splitlines()[0]
        raise ImportProblem(line, f"BibTeX entry at line {line} could not be read: {reason}")
    found = sorted([*library.entries, *(b for b in kept if isinstance(b, Entry))], key=_start)
    entries = [e for e in found if e.entry_type.lower() not in GROUPS]
    if not entries:
        raise ImportProblem(0, "The file has no BibTeX entries (each starts with @article{ or similar).")
    return [_record(entry) for entry in entries]


def _start(entry: Entry) -> int:
    return entry.start_line or 0


def _raw(entry: Entry, name: str) -> str:
    """A field's value as written; field names are read in any case (JabRef writes `Title`)."""
    field = entry.fields_dict.get(name)
    if field is None:
        field = next((f for f in entry.fields if f.key.lower() == name), None)
    return str(field.value) if field is not None else ""


def _field(entry: Entry, name: str) -> str:
    return latex_to_text(_raw(entry, name))


def _literal(entry: Entry, name: str) -> str:
    """A DOI or web address: only `\\_`, `\\%` and the like are unescaped (a % in a URL is no comment)."""
    return _ESCAPED.sub(r"\1", _raw(entry, name)).replace("{", "").replace("}", "")


def _person(name: str) -> str:
    """'{World Health Organization}' stays whole; 'Bostr\\"{o}m, Nick' -> 'Boström, Nick'."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}") and "," not in name:
        return latex_to_text(name).strip()
    return author_name(latex_to_text(name))


def _people(entry: Entry) -> tuple[str, ...]:
    names = _raw(entry, "author") or _raw(entry, "editor")
    return tuple(p for p in (_person(n) for n in split_multiple_persons_names(names)) if p)


def _record(entry: Entry) -> ParsedRecord:
    line = (entry.start_line or 0) + 1
    title = _field(entry, "title")
    kind = entry.entry_type.lower()
    keywords = re.split(r"[;,]", _field(entry, "keywords"))
    container = _field(entry, "journal") or _field(entry, "journaltitle") or _field(entry, "booktitle")
    return record(
        title=title,
        line=line,
        source_type=TYPES.get(kind, SourceType.OTHER),
        abstract=_field(entry, "abstract"),
        authors=_people(entry),
        year=year_from(_field(entry, "year") or _field(entry, "date")),
        container=container or _field(entry, "series"),
        volume=_field(entry, "volume"),
        issue=_field(entry, "number"),
        pages=_field(entry, "pages"),
        publisher=_field(entry, "publisher") or _field(entry, "institution") or _field(entry, "school"),
        doi=doi_normalise(_literal(entry, "doi")),
        pmid=_field(entry, "pmid"),
        url=url_or_blank(_literal(entry, "url")),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
    )
