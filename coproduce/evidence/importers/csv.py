"""CSV spreadsheets: the person maps columns to fields; header names give a first guess."""

import re

from coproduce.core import column_mapping
from coproduce.core.column_mapping import ColumnProblem, csv_rows, mapping_guess
from coproduce.evidence.models import SourceType

from .records import ImportProblem, ParsedRecord, author_name, doi_normalise, record, url_or_blank, year_from

FIELDS = ("title", "abstract", "authors", "year", "journal", "doi", "url", "keywords", "pmid", "type")
GUESSES = {
    "title": ("title", "primary title", "article title", "document title", "ti"),
    "abstract": ("abstract", "summary", "ab"),
    "authors": ("authors", "author", "author names", "creators", "au"),
    "year": ("year", "publication year", "pub year", "py", "date", "publication date"),
    "journal": ("journal", "source title", "source", "journal title", "publication title", "container"),
    "doi": ("doi", "do"),
    "url": ("url", "link", "ur"),
    "keywords": ("keywords", "author keywords", "keyword", "kw"),
    "pmid": ("pmid", "pubmed id", "pubmed"),
    "type": ("type", "document type", "item type", "source type"),
}
_TYPE_WORDS = (
    ("chapter", SourceType.CHAPTER),
    ("book", SourceType.BOOK),
    ("thesis", SourceType.THESIS),
    ("dissertation", SourceType.THESIS),
    ("conference", SourceType.CONFERENCE),
    ("proceedings", SourceType.CONFERENCE),
    ("council", SourceType.COUNCIL_PAPER),
    ("committee", SourceType.COUNCIL_PAPER),
    ("report", SourceType.REPORT),
    ("web", SourceType.WEB_PAGE),
    ("article", SourceType.JOURNAL_ARTICLE),
    ("journal", SourceType.JOURNAL_ARTICLE),
    ("review", SourceType.JOURNAL_ARTICLE),
)
Mapping = dict[str, str]  # field -> column heading


def _rows(text: str) -> list[list[str]]:
    try:
        return csv_rows(text)
    except ColumnProblem as problem:
        raise ImportProblem(problem.line, problem.reason) from problem


def csv_headings(text: str) -> list[str]:
    """The column headings of the first line (blank headings are named by position)."""
    try:
        return column_mapping.csv_headings(text)
    except ColumnProblem as problem:
        raise ImportProblem(problem.line, problem.reason) from problem


def guess_mapping(headings: list[str]) -> Mapping:
    """{field: heading} for each field whose usual name is a heading."""
    return mapping_guess(headings, GUESSES)


def source_type_from(text: str) -> str:
    lowered = text.lower()
    return next((kind for word, kind in _TYPE_WORDS if word in lowered), SourceType.JOURNAL_ARTICLE)


def parse_csv(text: str, mapping: Mapping | None = None) -> list[ParsedRecord]:
    headings = csv_headings(text)
    mapping = mapping if mapping is not None else guess_mapping(headings)
    if not mapping.get("title"):
        raise ImportProblem(1, "no column holds the titles: choose which column is the title.")
    position = {h: n for n, h in enumerate(headings)}
    unknown = [h for h in mapping.values() if h and h not in position]
    if unknown:
        raise ImportProblem(1, f"there is no column called '{unknown[0]}'.")
    records = []
    for number, cells in enumerate(_rows(text)[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {f: cells[position[h]] if position[h] < len(cells) else "" for f, h in mapping.items() if h}
        records.append(_record(values, number))
    if not records:
        raise ImportProblem(0, "The file has a heading line but no rows.")
    return records


def _record(values: dict[str, str], row: int) -> ParsedRecord:
    title = values.get("title", "").strip()
    authors = re.split(r";|\s+and\s+", values.get("authors", ""))
    return record(
        title=title,
        line=row,
        source_type=source_type_from(values.get("type", "")),
        abstract=values.get("abstract", "").strip(),
        authors=tuple(author_name(a) for a in authors if a.strip()),
        year=year_from(values.get("year", "")),
        container=values.get("journal", ""),
        doi=doi_normalise(values.get("doi", "")),
        pmid=values.get("pmid", "").strip(),
        url=url_or_blank(values.get("url", "")),
        keywords=tuple(k.strip() for k in re.split(r"[;,]", values.get("keywords", "")) if k.strip()),
    )
