"""CSL-JSON (Zotero's 'CSL JSON' export): a list of objects with `title`, `author`, `issued`..."""

import json
from typing import Any

from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, author_name, doi_normalise, record, url_or_blank, year_from

TYPES = {
    **dict.fromkeys(("article-journal", "article", "article-magazine", "review"), SourceType.JOURNAL_ARTICLE),
    "book": SourceType.BOOK,
    "chapter": SourceType.CHAPTER,
    "report": SourceType.REPORT,
    **dict.fromkeys(("webpage", "post-weblog", "post"), SourceType.WEB_PAGE),
    "thesis": SourceType.THESIS,
    "paper-conference": SourceType.CONFERENCE,
    **dict.fromkeys(("legislation", "bill", "hearing"), SourceType.COUNCIL_PAPER),
}


def parse_csl_json(text: str) -> list[ParsedRecord]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportProblem(error.lineno, f"the file is not valid JSON: {error.msg}.") from error
    except RecursionError as error:
        raise ImportProblem(0, "The file is nested too deeply to be CSL-JSON.") from error
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list) or not data:
        raise ImportProblem(0, "The file has no CSL-JSON records: it should hold a list of records.")
    return [_record(item, number) for number, item in enumerate(data, start=1)]


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value) if isinstance(value, str | int | float) else ""


def _author(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return _text(person["literal"])
    family, given = _text(person.get("family")), _text(person.get("given"))
    return f"{family}, {given}" if family and given else author_name(family or given)


def _year(item: dict[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online"):
        issued = item.get(key)
        if isinstance(issued, dict):
            parts = issued.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
                return year_from(_text(parts[0][0]))
            if issued.get("raw") or issued.get("literal"):
                return year_from(_text(issued.get("raw") or issued.get("literal")))
    return None


def _record(item: Any, number: int) -> ParsedRecord:
    if not isinstance(item, dict):
        raise ImportProblem(0, f"Record {number} is not a CSL-JSON object.")
    title = _text(item.get("title"))
    authors = item.get("author") if isinstance(item.get("author"), list) else []
    keywords = _text(item.get("keyword")).replace(";", ",").split(",")
    return record(
        title=title,
        line=number,
        source_type=TYPES.get(_text(item.get("type")), SourceType.OTHER),
        abstract=_text(item.get("abstract")),
        authors=tuple(a for a in (_author(p) for p in authors or []) if a),
        year=_year(item),
        container=_text(item.get("container-title")) or _text(item.get("collection-title")),
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        pages=_text(item.get("page")),
        publisher=_text(item.get("publisher")),
        doi=doi_normalise(_text(item.get("DOI"))),
        pmid=_text(item.get("PMID")),
        url=url_or_blank(_text(item.get("URL"))),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
    )
