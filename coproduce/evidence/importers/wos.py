"""Web of Science plain text ("FN Clarivate Analytics Web of Science", "VR 1.0", then records `PT J` ... `ER`,
the file ending with `EF`): a two-letter tag, a space and the value; a line starting with spaces goes on
with the value above. For authors, addresses and cited references each such line is one more item; for the
others (title, abstract, keywords) it is the same text wrapped.

Read here rather than with a library: `wosfile`, the one kept up, reads files from disk and stops at the first
problem without its line; this reader says on which line a record goes wrong, as the RIS and MEDLINE readers
do (bench/reference_formats.py checks it against rispy's Web of Science reader on rispy's example export).
"""

import re

from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, author_name, doi_normalise, record, url_or_blank, year_from

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_ITEM_PER_LINE = frozenset({"AU", "AF", "BA", "BF", "CA", "GP", "BE", "C1", "CR", "RI", "OI", "EM"})
_HEADER = frozenset({"FN", "VR"})
TYPES = {
    "J": SourceType.JOURNAL_ARTICLE,
    "B": SourceType.BOOK,
    "S": SourceType.BOOK,
    "P": SourceType.OTHER,
}
_DOCUMENT_TYPES = (
    ("proceedings paper", SourceType.CONFERENCE),
    ("meeting", SourceType.CONFERENCE),
    ("book chapter", SourceType.CHAPTER),
    ("book", SourceType.BOOK),
)
Tags = dict[str, list[str]]


def parse_wos(text: str) -> list[ParsedRecord]:
    records: list[ParsedRecord] = []
    tags: Tags | None = None
    start = 0
    last = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip().lstrip("\ufeff")
        if not line.strip():
            continue
        if line[0] == " ":
            if tags is not None and last:
                _go_on(tags, last, line.strip())
            continue
        match = _TAG_LINE.match(line)
        if match is None:
            raise ImportProblem(number, "this line is not a Web of Science tag (like 'TI Title').")
        tag, value = match[1], (match[2] or "").strip()
        if tag in _HEADER or tag == "EF":
            continue
        if tag == "PT":
            if tags is not None:
                started = f"the one on line {start}"
                raise ImportProblem(number, f"a record starts (PT) before {started} ended (ER).")
            tags, start = {}, number
        elif tag == "ER":
            if tags is None:
                raise ImportProblem(number, "a record ends (ER) but none was started (PT).")
            records.append(_record(tags, start))
            tags, last = None, ""
            continue
        elif tags is None:
            raise ImportProblem(number, f"the tag {tag} is outside a record: each record starts with PT.")
        tags.setdefault(tag, []).append(value)
        last = tag
    if tags is not None:
        raise ImportProblem(start, f"the record that starts on line {start} never ends (ER).")
    if not records:
        raise ImportProblem(0, "The file has no Web of Science records (each starts with 'PT ').")
    return records


def _go_on(tags: Tags, tag: str, value: str) -> None:
    if tag in _ITEM_PER_LINE:
        tags[tag].append(value)
    else:
        tags[tag][-1] += " " + value


def _first(tags: Tags, *names: str) -> str:
    return next((v for name in names for v in tags.get(name, []) if v), "")


def _kind(tags: Tags) -> str:
    described = _first(tags, "DT").lower()
    found = next((kind for words, kind in _DOCUMENT_TYPES if words in described), None)
    return found or TYPES.get(_first(tags, "PT").upper(), SourceType.OTHER)


def _record(tags: Tags, line: int) -> ParsedRecord:
    title = _first(tags, "TI")
    authors = tags.get("AF") or tags.get("AU") or tags.get("BF") or tags.get("BA") or tags.get("CA") or []
    keywords = re.split(r";", "; ".join(tags.get("DE", []) + tags.get("ID", [])))
    pages = "-".join(p for p in (_first(tags, "BP"), _first(tags, "EP")) if p)
    return record(
        title=title,
        line=line,
        source_type=_kind(tags),
        abstract=_first(tags, "AB"),
        authors=tuple(author_name(a) for a in authors if a.strip()),
        year=year_from(_first(tags, "PY") or _first(tags, "EY", "EA")),
        container=_first(tags, "SO", "SE"),
        volume=_first(tags, "VL"),
        issue=_first(tags, "IS"),
        pages=pages or _first(tags, "AR"),
        publisher=_first(tags, "PU"),
        doi=doi_normalise(_first(tags, "DI")),
        pmid=_first(tags, "PM"),
        url=url_or_blank(_first(tags, "UR")),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
    )
