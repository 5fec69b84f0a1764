"""BibTeX and biblatex (Zotero, Google Scholar, JabRef), read with bibtexparser 2.

LaTeX in the text fields (accents such as `Bostr\\"{o}m`, `{\\AA}`, commands such as `\\emph{...}`,
math, `--` and ``` ``quotes'' ```) becomes Unicode text with pylatexenc, the decoder bibtexparser itself
uses: braces that protect capitals are dropped and their letters kept. A field's value is worked out as
BibTeX does: `@string` names (in any case, and the months `jan` to `dec`) are replaced by their text and
pieces joined with `#` are concatenated. Names are split on "and" outside braces, so `{Barnes and Noble}`
stays one author, and each name into BibTeX's First, von, Last and Jr parts by bibtexparser. A biblatex
`@set` only groups entries that are in the file themselves, so the set is skipped and its members are read;
two entries under one key are both read.
"""

import re

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import Block, DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, String
from pylatexenc.latex2text import LatexNodes2Text

from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, clean, doi_normalise, record, url_or_blank, year_from

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
_MARKUP = ("\\", "{", "$", "~", "--", "`", "''")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
_MONTHS = {m[:3].lower(): m for m in (*_MONTH_NAMES, "October", "November", "December")}  # as BibTeX styles
_MACRO = re.compile(r'[^\s#{}"]+')
_AND_COMMAND = re.compile(r"(\s(?i:and)\s+)\\")
Macros = dict[str, str]


def latex_to_text(value: str) -> str:
    """The text a reader of the typeset page sees: `Bostr\\"{o}m` -> Boström, `{DNA}` -> DNA, and
    `$\\alpha$` -> the Greek letter."""
    if not any(mark in value for mark in _MARKUP):
        return value
    try:
        text = str(_DECODER.latex_to_text(value))
    except (ValueError, IndexError, RecursionError):  # malformed LaTeX: keep the letters, drop the markup
        text = value.replace("{", "").replace("}", "")
    return text.replace("\xa0", " ")


def parse_bibtex(text: str) -> list[ParsedRecord]:
    try:
        library = parse_string(text, parse_stack=[])  # values as written: _values works them out
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
    strings = [*library.strings, *(b for b in kept if isinstance(b, String))]
    return [_record(entry, fields) for entry, fields in _values(entries, strings)]


def _start(block: Block) -> int:
    return block.start_line or 0


def _values(entries: list[Entry], strings: list[String]) -> list[tuple[Entry, dict[str, str]]]:
    """Each entry with its fields (names in lower case) worked out as BibTeX does, from the top of the
    file down: an `@string` counts from where it is defined, and a later one of the same name wins."""
    macros: Macros = dict(_MONTHS)
    found: list[tuple[Entry, dict[str, str]]] = []
    for block in sorted([*strings, *entries], key=_start):
        if isinstance(block, String):
            macros[block.key.lower()] = _expand(str(block.value), macros)
        elif isinstance(block, Entry):
            fields: dict[str, str] = {}
            for field in block.fields:  # field names are read in any case (JabRef writes `Title`)
                fields.setdefault(field.key.lower(), _expand(str(field.value), macros))
            found.append((block, fields))
    return found


def _expand(value: str, macros: Macros) -> str:
    """`"Proc. Fifteenth Annual" # STOC` -> the two pieces joined, the name replaced by its `@string`;
    `{...}` and `"..."` give their text, a number itself. A name with no `@string` is kept as written
    (BibTeX would leave it out, losing the text), and so is a value that is not a BibTeX expression,
    less its outer braces or quotes."""
    pieces, at = [], 0
    while at < len(value):
        char = value[at]
        if char.isspace() or char == "#":
            at += 1
        elif char in '{"':
            end = _closing(value, at)
            if end < 0:
                return _unenclosed(value)
            pieces.append(value[at + 1 : end])
            at = end + 1
        else:
            name = _MACRO.match(value, at)
            if name is None:
                return _unenclosed(value)
            pieces.append(macros.get(name[0].lower(), name[0]))
            at = name.end()
    return "".join(pieces)


def _closing(value: str, start: int) -> int:
    """Where the brace or quote that opens at `start` closes (-1 if it does not): a quote closes only
    outside braces, and not after a backslash (`"Bostr\\"om"`, which bibtexparser reads as one value)."""
    depth = 0
    for at in range(start + 1, len(value)):
        char = value[at]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and value[start] == "{":
                return at
            depth -= 1
        elif char == '"' and depth == 0 and value[start] == '"' and value[at - 1] != "\\":
            return at
    return -1


def _unenclosed(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and (value[0], value[-1]) in {("{", "}"), ('"', '"')}:
        return value[1:-1]
    return value


def _field(fields: dict[str, str], name: str) -> str:
    return latex_to_text(fields.get(name, ""))


def _literal(fields: dict[str, str], name: str) -> str:
    """A DOI or web address: only `\\_`, `\\%` and the like are unescaped (a % in a URL is no comment)."""
    return _ESCAPED.sub(r"\1", fields.get(name, "")).replace("{", "").replace("}", "")


def _person(name: str) -> str:
    """One BibTeX name, split by BibTeX's rules into First, von, Last and Jr, as 'von Last, First, Jr'
    (the order reference managers and RIS use): 'Ludwig van Beethoven' and 'van Beethoven, Ludwig' ->
    'van Beethoven, Ludwig'; 'Bell, II, Edwin V.' -> 'Bell, Edwin V., II'. A name in braces,
    '{World Health Organization}', stays whole, and so does a name with no first part. A last part
    braced with its Jr, 'Edwin V. {Bell, II}', is the same name as 'Bell, II, Edwin V.'."""
    parts = parse_single_name_into_parts(name, strict=False)
    first, von, last, jr = (
        clean(latex_to_text(" ".join(p))) for p in (parts.first, parts.von, parts.last, parts.jr)
    )
    if first and not jr and len(parts.last) == 1 and parts.last[0].startswith("{") and "," in last:
        last, _, jr = (piece.strip() for piece in last.partition(","))
    family = " ".join(p for p in (von, last) if p)
    if not first:
        return " ".join(p for p in (family, jr) if p)
    return ", ".join(p for p in (family, first, jr) if p)


def _people(fields: dict[str, str]) -> tuple[str, ...]:
    """The authors (or else the editors); 'and others', BibTeX's "et al.", names no one."""
    names = fields.get("author") or fields.get("editor") or ""
    # bibtexparser 2.1 drops the first two characters of a name that starts with a command after "and"
    # (`and \"Orsted, K.` would be `Orsted, K.`); an empty group in front keeps them.
    names = _AND_COMMAND.sub(r"\1{}\\", names)
    return tuple(p for p in (_person(n) for n in split_multiple_persons_names(names) if n != "others") if p)


def _record(entry: Entry, fields: dict[str, str]) -> ParsedRecord:
    line = (entry.start_line or 0) + 1
    kind = entry.entry_type.lower()
    keywords = re.split(r"[;,]", _field(fields, "keywords"))
    container = _field(fields, "journal") or _field(fields, "journaltitle") or _field(fields, "booktitle")
    publisher = _field(fields, "publisher") or _field(fields, "institution") or _field(fields, "school")
    return record(
        title=_field(fields, "title"),
        line=line,
        source_type=TYPES.get(kind, SourceType.OTHER),
        abstract=_field(fields, "abstract"),
        authors=_people(fields),
        year=year_from(_field(fields, "year") or _field(fields, "date")),
        container=container or _field(fields, "series"),
        volume=_field(fields, "volume"),
        issue=_field(fields, "number"),
        pages=latex_to_text(fields.get("pages", "").replace("--", "-")),  # 29--41 is the range 29-41
        publisher=publisher,
        doi=doi_normalise(_literal(fields, "doi")),
        pmid=_field(fields, "pmid"),
        url=url_or_blank(_literal(fields, "url")),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
    )
