"""The record every parser returns, the error every parser raises, and the normalisation they share."""

import re
from dataclasses import dataclass, field

from coproduce.evidence.models import SourceType

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[\W_]+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")
TITLE_KEY_LENGTH = 300


class ImportProblem(Exception):
    """A file that cannot be imported: `line` is where the problem is (0 when it is the whole file)."""

    def __init__(self, line: int, message: str, *, unit: str = "Line"):
        super().__init__(message)
        self.line = line
        self.message = message
        self.unit = unit  # "Row" for spreadsheets

    def __str__(self) -> str:
        if not self.line:
            return self.message[:1].upper() + self.message[1:]
        return f"{self.unit} {self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedRecord:
    """One record read from a file, in the shape of a `Reference`."""

    title: str
    line: int = 0
    source_type: str = SourceType.JOURNAL_ARTICLE
    abstract: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    keywords: tuple[str, ...] = field(default=())

    @property
    def title_key(self) -> str:
        return title_key(self.title)

    @property
    def usable(self) -> bool:
        """The one rule for every format: a record can be used when something names it, that is a title,
        an abstract or a DOI (authors, year or journal alone cannot be screened or matched)."""
        return bool(self.title.strip() or self.abstract.strip() or self.doi)


@dataclass(frozen=True)
class Unusable:
    """A record of the file that cannot be used: where it is, what it lacks, and what it does hold."""

    line: int
    unit: str
    missing: str
    excerpt: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "unit": self.unit, "missing": self.missing, "excerpt": self.excerpt}


MISSING = "no title, abstract or DOI"
EXCERPT_LENGTH = 120


def unusable(item: ParsedRecord, *, unit: str) -> Unusable:
    """How the page lists a record that cannot be used: what it holds besides the missing fields."""
    held = ["; ".join(item.authors[:3]), str(item.year or ""), item.container, item.pmid, item.url]
    excerpt = ", ".join(h for h in held if h) or "(nothing else either)"
    if len(excerpt) > EXCERPT_LENGTH:
        excerpt = excerpt[: EXCERPT_LENGTH - 1] + "…"
    return Unusable(line=item.line, unit=unit, missing=MISSING, excerpt=excerpt)


def clean(text: str) -> str:
    """One line of text: runs of white space become one space."""
    return " ".join(text.split())


def title_key(title: str) -> str:
    """Lower-case letters and digits only, for exact duplicate matching."""
    return _NOT_ALNUM.sub("", title.casefold())[:TITLE_KEY_LENGTH]


def title_words(title: str) -> str:
    """Lower-case words separated by single spaces, for fuzzy matching."""
    return _NOT_ALNUM.sub(" ", title.casefold()).strip()


def doi_normalise(doi: str) -> str:
    """'https://doi.org/10.1000/ABC' -> '10.1000/abc'."""
    return _DOI_PREFIX.sub("", doi.strip()).strip().lower()[:255]


def year_from(text: str | int | None) -> int | None:
    """The first plausible year in '2019/05/01', '2019 May', 'c2019' (None if there is none)."""
    if text is None or text == "":
        return None
    found = _YEAR.search(str(text))
    return int(found[1]) if found else None


def author_name(name: str) -> str:
    """'Jane Q. Smith' or 'Smith, Jane Q.' -> 'Smith, Jane Q.'; an organisation stays as it is."""
    name = clean(name).strip(" ,;")
    if not name or "," in name:
        return name
    parts = name.split(" ")
    if len(parts) == 1:
        return name
    if _INITIALS.fullmatch(parts[-1]):  # "Smith JQ" or "Smith J.Q.", as Scopus and PubMed write them
        return f"{' '.join(parts[:-1])}, {parts[-1]}"
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def family_name(author: str) -> str:
    return author.split(",")[0].strip().casefold()


def url_or_blank(url: str) -> str:
    url = url.strip()
    return url[:1000] if url.lower().startswith(("http://", "https://")) else ""


def record(**values: object) -> ParsedRecord:
    """A ParsedRecord with every text value tidied, fields cut to their column sizes."""
    limits = {"container": 500, "volume": 50, "issue": 50, "pages": 50, "publisher": 300, "pmid": 20}
    tidy: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, str) and name not in {"abstract"}:
            value = clean(value)[: limits.get(name, 100_000)]
        tidy[name] = value
    return ParsedRecord(**tidy)  # type: ignore[arg-type]
