"""PubMed / MEDLINE (.nbib, or .txt from PubMed and PubMed Central): `TAG - value`, continuation lines
indented, records separated by a blank line. A record starts at `PMID- 123`, or at the first tag after a blank
line (PubMed Central writes records of articles that are not in PubMed without a PMID)."""

import re

from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, author_name, doi_normalise, record, year_from

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$")
_DOI = re.compile(r"^(10\.\S+) \[doi\]$")
TYPES = {
    "journal article": SourceType.JOURNAL_ARTICLE,
    "review": SourceType.JOURNAL_ARTICLE,
    "preprint": SourceType.JOURNAL_ARTICLE,
    "technical report": SourceType.REPORT,
    "government publication": SourceType.REPORT,
    "congress": SourceType.CONFERENCE,
    "book": SourceType.BOOK,
}
Tags = dict[str, list[str]]


def parse_nbib(text: str) -> list[ParsedRecord]:
    records: list[ParsedRecord] = []
    tags: Tags | None = None
    start = 0
    last = ""
    after_blank = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip().lstrip("\ufeff")
        if not line.strip():
            after_blank = True
            continue
        if raw.startswith(" ") and tags is not None and last:
            tags[last][-1] += " " + line.strip()
            continue
        match = _TAG_LINE.match(line)
        if match is None:
            raise ImportProblem(number, "this line is not a MEDLINE tag (like 'TI  - ').")
        tag, value = match[1], match[2].strip()
        if tags is None or tag == "PMID" or after_blank:
            if tags:
                records.append(_record(tags, start))
            tags, start = {}, number
        tags.setdefault(tag, []).append(value)
        last, after_blank = tag, False
    if tags is not None:
        records.append(_record(tags, start))
    if not records:
        raise ImportProblem(0, "The file has no PubMed records (each starts with 'PMID- ').")
    return records


def _first(tags: Tags, name: str) -> str:
    return next((v for v in tags.get(name, []) if v), "")


def _doi(tags: Tags) -> str:
    for value in tags.get("AID", []) + tags.get("LID", []):
        if match := _DOI.match(value):
            return doi_normalise(match[1])
    return ""


def _record(tags: Tags, line: int) -> ParsedRecord:
    title = _first(tags, "TI") or _first(tags, "BTI")
    kinds = [t.lower() for t in tags.get("PT", [])]
    kind = next((TYPES[k] for k in kinds if k in TYPES), SourceType.JOURNAL_ARTICLE)
    authors = tags.get("FAU") or tags.get("AU") or []
    return record(
        title=title,
        line=line,
        source_type=kind,
        abstract=_first(tags, "AB"),
        authors=tuple(author_name(a) for a in authors if a),
        year=year_from(_first(tags, "DP") or _first(tags, "DEP")),
        container=_first(tags, "JT") or _first(tags, "TA"),
        volume=_first(tags, "VI"),
        issue=_first(tags, "IP"),
        pages=_first(tags, "PG"),
        publisher=_first(tags, "PB"),
        doi=_doi(tags),
        pmid=_first(tags, "PMID"),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{_first(tags, 'PMID')}/"
        if _first(tags, "PMID").isdigit()
        else "",
        keywords=tuple(k for k in tags.get("OT", []) + tags.get("MH", []) if k),
    )
