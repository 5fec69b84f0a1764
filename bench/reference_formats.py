"""How faithfully the importers read other projects' own test files, beside those projects' own parsers.

Run: .venv/bin/python bench/reference_formats.py [--all]. The test files are read from the pinned source
distributions of rispy, RISparser, pybtex and Biopython, downloaded from PyPI on first use and checked against
their sha256 (bench/reference_sources.py; kept under bench/out/, never committed); the reference parsers (the
`bench` extra: rispy, biopython, pybtex) are installed into bench/out/refdeps when they are missing. Each file
goes through the import's own path: decoded by coproduce.core.text_upload, its format worked out from its
content and name, then that importer; and through the reference parser:

- rispy for the .ris files of rispy and of RISparser (the project rispy continues),
- pybtex's own BibTeX parser for pybtex's .bib files (LaTeX decoded by pylatexenc),
- Biopython's Bio.Medline for its MEDLINE files.

Per file it prints its source (project, version, path in the sdist, licence), the records each read, whether
the import refused the file (and why), and the records whose title, authors (family names with any Jr part,
as BibTeX prints them: 'van der Berg', 'Bell, II'), DOI or year differ. With --all it lists every difference.
"""

import argparse
import os
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from bench.reference_sources import SDISTS, reference_parsers_ready, sdist_files  # noqa: E402
from coproduce.evidence.importers import ImportProblem, decode, detect_format, parse, parse_usable  # noqa: E402
from coproduce.evidence.importers.records import (  # noqa: E402
    ParsedRecord,
    doi_normalise,
    family_name,
    year_from,
)

FIELDS = ("title", "authors", "doi", "year")


@dataclass(frozen=True)
class Work:
    """The four fields compared, normalised the same way for both readers."""

    title: str
    authors: tuple[str, ...]
    doi: str
    year: int | None


def _text(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold().rstrip(".")


def work(*, title: str, families: list[str], doi: str, year: Any) -> Work:
    return Work(
        title=_text(title),
        authors=tuple(_text(f) for f in families if f.strip()),
        doi=doi_normalise(doi),
        year=year_from(str(year) if year else None),
    )


def _with_suffix(family: str, suffix: str) -> str:
    """The family name with its Jr part, as BibTeX prints `{vv~}{ll}{, jj}`: 'van der Berg', 'Bell, II'."""
    return f"{family}, {suffix}" if suffix.strip() else family


def _family(author: str) -> str:
    """From 'von Last, First, Jr' (the order of RIS and of the importers; the Jr part only when there is
    one) the family name with its Jr part."""
    parts = author.split(",")
    return _with_suffix(family_name(author), parts[2] if len(parts) > 2 else "")


def ours(record: ParsedRecord) -> Work:
    return work(
        title=record.title,
        families=[_family(a) for a in record.authors],
        doi=record.doi,
        year=record.year,
    )


# The reference parsers


def pybtex_works(text: str) -> list[Work]:
    from pybtex import errors
    from pybtex.database import parse_string
    from pylatexenc.latex2text import LatexNodes2Text

    errors.set_strict_mode(False)  # a repeated key is a warning, as pybtex's command line has it
    decoder = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
    works = []
    for entry in parse_string(text, "bibtex").entries.values():
        if entry.type.lower() in {"set", "xdata"}:
            continue
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        works.append(
            work(
                title=decoder.latex_to_text(entry.fields.get("title", "")),
                families=[
                    decoder.latex_to_text(
                        _with_suffix(" ".join(p.prelast_names + p.last_names), " ".join(p.lineage_names))
                    )
                    for p in people
                ],
                doi=entry.fields.get("doi", "").replace("\\_", "_"),
                year=entry.fields.get("year") or entry.fields.get("date", ""),
            )
        )
    return works


def rispy_works(text: str) -> list[Work]:
    import rispy

    def first(entry: dict[str, Any], *keys: str) -> Any:
        return next((entry[k] for k in keys if entry.get(k)), "")

    implementation = rispy.WokParser if text.lstrip("\ufeff").startswith("FN ") else rispy.RisParser
    return [
        work(
            title=first(entry, "title", "primary_title", "document_title"),
            families=[_family(a) for a in [*entry.get("authors", []), *entry.get("first_authors", [])]],
            doi=first(entry, "doi"),
            year=first(entry, "year", "publication_year", "date"),
        )
        for entry in rispy.loads(text, implementation=implementation)
    ]


def medline_works(text: str) -> list[Work]:
    import io

    from Bio import Medline

    def doi(record: dict[str, Any]) -> str:
        ids = [*record.get("AID", []), *([record["LID"]] if record.get("LID") else [])]
        return next((i.removesuffix(" [doi]") for i in ids if i.endswith(" [doi]")), "")

    return [
        work(
            title=record.get("TI", ""),
            families=[_family(a) for a in record.get("FAU") or record.get("AU") or []],
            doi=doi(record),
            year=record.get("DP", ""),
        )
        for record in Medline.parse(io.StringIO(text))
    ]


READERS: dict[str, tuple[str, Callable[[str], list[Work]]]] = {
    "rispy": ("rispy 0.10.0", rispy_works),
    "pybtex": ("pybtex 0.25.1", pybtex_works),
    "medline": ("Bio.Medline 1.88", medline_works),
}


# The comparison


@dataclass
class Result:
    name: str
    reference: int | str  # records, or why the reference parser failed
    read: int
    refused: str
    fmt: str
    differences: list[str]
    skipped: int = 0  # records the import lists as unusable (no title, abstract or DOI) and leaves out


def compare(path: Path, reader: Callable[[str], list[Work]]) -> Result:
    raw = path.read_bytes()
    try:
        expected: list[Work] | str = reader(raw.decode("utf-8-sig"))
    except Exception as error:  # any failure of the reference parser is a figure, not a crash
        expected = f"fails ({type(error).__name__})"
    fmt, refused, got, skipped = "", "", [], 0
    try:
        text = decode(raw)
        fmt = detect_format(filename=path.name, text=text)
        records = parse(fmt=fmt, text=text)  # every record, so that they line up with the reference's
        skipped = sum(not r.usable for r in records)
        parse_usable(fmt=fmt, text=text)  # refuses a file with no usable record, as the upload does
        got = [ours(r) for r in records]
    except ImportProblem as problem:
        refused = str(problem)
    differences = []
    if isinstance(expected, list) and got:
        for number, (want, have) in enumerate(zip(expected, got, strict=False), start=1):
            for name in FIELDS:
                if getattr(want, name) != getattr(have, name):
                    differences.append(f"#{number} {name}: {getattr(want, name)!r} | {getattr(have, name)!r}")
    count = len(expected) if isinstance(expected, list) else expected
    return Result(path.name, count, len(got), refused, fmt, differences, skipped)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--all", action="store_true", help="list every difference, not the first three")
    show = options.parse_args()
    totals = {
        "files": 0,
        "reference read": 0,
        "we read": 0,
        "same": 0,
        "refused": 0,
        "records": 0,
        "skipped": 0,
    }
    totals.update({"records we read": 0, "records with a difference": 0})
    reference_parsers_ready()
    for sdist in SDISTS:
        folder, paths = sdist_files(sdist)
        label, reader = READERS[sdist.reader]
        source = f"{sdist.name} {sdist.version} ({sdist.licence})"
        print(f"\n== {source}, {len(paths)} test files; reference: {label} ==")
        print(f"{'path in the sdist':58} {'format':8} {'reference':>9} {'read':>5}  differences / refused")
        for path in paths:
            result = compare(folder / path, reader)
            result.name = path
            _report(result, show.all)
            _count(totals, result)
    print("\n== In all ==")
    print(
        f"{totals['files']} files; the reference parsers read {totals['reference read']} of them; the "
        f"importers read {totals['we read']} of those and refused {totals['refused']}; files read with the "
        f"same count and fields: {totals['same']}."
    )
    print(
        f"Records the reference read in files both read: {totals['records']}; the importers read "
        f"{totals['records we read']}; records with any difference in title, authors, DOI or year: "
        f"{totals['records with a difference']}; records listed as unusable and skipped: {totals['skipped']}."
    )


def _report(result: Result, every: bool) -> None:
    shown = result.differences if every else result.differences[:3]
    more = "" if every or len(result.differences) <= 3 else f" (+{len(result.differences) - 3} more)"
    note = f"REFUSED: {result.refused[:90]}" if result.refused else f"{len(result.differences)} differ{more}"
    if result.skipped and not result.refused:
        note += f"; {result.skipped} skipped as unusable"
    print(f"{result.name:58} {result.fmt or '-':8} {result.reference!s:>9} {result.read:>5}  {note}")
    for line in shown:
        print(f"{'':74}{line[:150]}")


def _count(totals: dict[str, int], result: Result) -> None:
    totals["files"] += 1
    if not isinstance(result.reference, int) or result.reference == 0:
        return
    totals["reference read"] += 1
    if result.refused:
        totals["refused"] += 1
        return
    totals["we read"] += 1
    totals["skipped"] += result.skipped
    totals["records"] += result.reference
    totals["records we read"] += result.read
    differing = {line.split(" ", 1)[0] for line in result.differences}
    totals["records with a difference"] += len(differing) + abs(result.reference - result.read)
    if not result.differences and result.reference == result.read:
        totals["same"] += 1


if __name__ == "__main__":
    main()
