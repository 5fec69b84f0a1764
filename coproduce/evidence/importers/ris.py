"""RIS (EndNote, Zotero, Mendeley, Scopus, Web of Science): `TY  - JOUR` ... `ER  - `, one tag per line."""

import re

from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, author_name, doi_normalise, record, url_or_blank, year_from

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  ?-(?: (.*))?$")
TYPES = {
    **dict.fromkeys(("JOUR", "JFULL", "EJOUR", "MGZN", "INPR", "ABST"), SourceType.JOURNAL_ARTICLE),
    **dict.fromkeys(("BOOK", "EBOOK", "EDBOOK"), SourceType.BOOK),
    **dict.fromkeys(("CHAP", "ECHAP"), SourceType.CHAPTER),
    **dict.fromkeys(("RPRT", "GOVDOC", "PAMP", "STAND"), SourceType.REPORT),
    **dict.fromkeys(("ELEC", "WEB", "BLOG", "ICOMM"), SourceType.WEB_PAGE),
    **dict.fromkeys(("THES",), SourceType.THESIS),
    **dict.fromkeys(("CONF", "CPAPER"), SourceType.CONFERENCE),
    **dict.fromkeys(("HEAR", "BILL", "LEGAL"), SourceType.COUNCIL_PAPER),
}
Tags = dict[str, list[str]]


def parse_ris(text: str) -> list[ParsedRecord]:
    records: list[ParsedRecord] = []
    tags: Tags | None = None
    start = last_tag = 0
    last: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        match = _TAG_LINE.match(line.lstrip("\ufeff"))
        if match is None:
            if not line.strip():
                continue
            if tags is None or last is None:
                continue  # text between records (a header some databases write) is not part of any record
            tags[last][-1] += " " + line.strip()  # a value that runs on to the next line
            continue
        tag, value = match[1], (match[2] or "").strip()
        if tag == "TY":
            if tags is not None:
                raise ImportProblem(
                    number, f"a record starts (TY) before the previous one (line {start}) ended (ER)."
                )
            tags, start, last = {"TY": [value]}, number, "TY"
        elif tag == "ER":
            if tags is None:
                raise ImportProblem(number, "a record ends (ER) but none was started (TY).")
            records.append(_record(tags, start))
            tags, last = None, None
        elif tags is None:
            raise ImportProblem(number, f"the tag {tag} is outside a record: each record starts with TY.")
        else:
            tags.setdefault(tag, []).append(value)
            last, last_tag = tag, number
    if tags is not None:
        raise ImportProblem(last_tag or start, f"the record that starts on line {start} never ends (ER).")
    if not records:
        raise ImportProblem(0, "The file has no RIS records (each starts with 'TY  - ').")
    return records


def _first(tags: Tags, *names: str) -> str:
    for name in names:
        for value in tags.get(name, []):
            if value:
                return value
    return ""


def _record(tags: Tags, line: int) -> ParsedRecord:
    title = _first(tags, "TI", "T1", "CT", "BT")
    authors = [author_name(a) for name in ("AU", "A1") for a in tags.get(name, []) if a.strip()]
    kind = _first(tags, "TY").upper()
    pages = "-".join(p for p in (_first(tags, "SP"), _first(tags, "EP")) if p)
    return record(
        title=title,
        line=line,
        source_type=TYPES.get(kind, SourceType.OTHER),
        abstract=_first(tags, "AB", "N2"),
        authors=tuple(a for a in authors if a),
        year=year_from(_first(tags, "PY", "Y1", "DA")),
        container=_first(tags, "T2", "JO", "JF", "JA", "J2", "T3") if kind != "BOOK" else _first(tags, "T3"),
        volume=_first(tags, "VL"),
        issue=_first(tags, "IS"),
        pages=pages,
        publisher=_first(tags, "PB"),
        doi=doi_normalise(_first(tags, "DO")),
        pmid=_first(tags, "AN") if _first(tags, "AN").isdigit() else "",
        url=url_or_blank(_first(tags, "UR", "L2")),
        keywords=tuple(k for k in tags.get("KW", []) if k),
    )
