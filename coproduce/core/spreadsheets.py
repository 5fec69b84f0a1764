"""The one way a table leaves the app as a spreadsheet: CSV or Excel (XLSX).

Every cell is made safe here, heading rows and sheet names included, so that text someone typed (a code
called `=HYPERLINK(...)`, a statement starting with "+") is never run as a formula when the file is opened in
Excel, LibreOffice or Google Sheets (CSV or formula injection). Text whose first character, after any
spaces, is one of = + - @ (or their full-width forms), a tab or a line break gets a leading apostrophe,
which spreadsheets show as text. Numbers stay numbers, and so do signed figures such as a telephone number
("+44 121 496 0000"): digits, spaces, brackets and dots cannot call a function. Characters that XLSX
cannot hold (control characters) are dropped from XLSX cells.

No other module writes CSV or XLSX: `tests/test_spreadsheet_writers.py` fails if one imports `csv.writer`,
`csv.DictWriter` or openpyxl's `Workbook`.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

Cell = str | int | float | None
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_NUMBER_LIKE = re.compile(
    r"[+\-][0-9 ().]+"
)  # a signed figure or a telephone number such as +44 121 496 0000
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


@dataclass(frozen=True)
class Table:
    """One sheet: its title, its column headings and its rows."""

    title: str
    headings: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def safe_cell(value: Cell) -> Cell:
    """`value`, with a leading apostrophe if a spreadsheet would otherwise read it as a formula."""
    if not isinstance(value, str):
        return value
    stripped = value.lstrip()
    first = value[:1] if value[:1] in FORMULA_TRIGGERS else stripped[:1]
    if first in FORMULA_TRIGGERS and not _NUMBER_LIKE.fullmatch(stripped):
        return f"'{value}"
    return value


def safe_row(row: Iterable[Cell]) -> list[Cell]:
    return [safe_cell(cell) for cell in row]


def csv_write(
    *, rows: Iterable[Iterable[Cell]], out: "SupportsWrite[str]", lineterminator: str = "\r\n"
) -> None:
    """Write `rows` (the heading row first) to `out`, a text stream or an HttpResponse, as CSV."""
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in rows:
        writer.writerow(safe_row(row))


def csv_bytes(rows: Iterable[Iterable[Cell]], *, bom: bool = True, lineterminator: str = "\r\n") -> bytes:
    """`rows` (the heading row first) as CSV in UTF-8; with a byte-order mark so that Excel shows "£" and
    accented letters correctly, unless `bom` is False (for tools that expect plain UTF-8)."""
    out = io.StringIO(newline="")
    csv_write(rows=rows, out=out, lineterminator=lineterminator)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def table_csv(table: Table) -> bytes:
    return csv_bytes([table.headings, *table.rows])


def sheet_title(title: str, *, taken: set[str] | None = None) -> str:
    """A sheet name Excel accepts: no [ ] : * ? / \\, no leading formula sign or apostrophe, at most 31
    characters, and different from the names in `taken` (compared ignoring case)."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title))
    cleaned = cleaned.lstrip("".join(FORMULA_TRIGGERS) + " '").rstrip(" '")[:SHEET_TITLE_MAX].strip()
    cleaned = cleaned or "Sheet"
    taken = taken if taken is not None else set()
    candidate, number = cleaned, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = cleaned[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


def _xlsx_cell(value: Cell) -> Cell:
    safe = safe_cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("", safe) if isinstance(safe, str) else safe


def xlsx_bytes(tables: Iterable[Table]) -> bytes:
    """An Excel workbook with one sheet per table, each headed by its headings row."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(title=sheet_title(table.title, taken=taken))
        for row in [table.headings, *table.rows]:
            sheet.append([_xlsx_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_xlsx(table: Table) -> bytes:
    return xlsx_bytes([table])


CONTENT_TYPES = {"csv": CSV, "xlsx": XLSX}


def table_bytes(table: Table, *, file_format: str) -> bytes:
    """`table` as a "csv" or an "xlsx" file (the keys of CONTENT_TYPES)."""
    return table_xlsx(table) if file_format == "xlsx" else table_csv(table)
