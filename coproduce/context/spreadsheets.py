"""Reading the dossier's CSV files, checked whole before anything is saved: area statistics here, budget lines
in budget_file.py."""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from coproduce.core.text_upload import TextLimits, TextUploadError, delimiter_sniff, text_decode

MAX_BYTES = 5 * 1024 * 1024
LIMITS = TextLimits(
    max_bytes=MAX_BYTES,
    max_lines=100_000,
    max_line_length=10_000,
    kind="CSV",
    advice="Save it as CSV (UTF-8 or Windows text) and upload that.",
)
MAX_VALUE = Decimal(10) ** 13
_DECIMAL_COMMA = re.compile(r",(?!\d{3}(?:\D|$))")  # a comma not followed by a group of three digits


class CsvProblem(Exception):
    """Why a file was refused; `line` is the file's line number (0 for the whole file)."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"Line {line}: {reason}" if line else reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class AreaRow:
    area_name: str
    area_code: str
    value: Decimal


def decode(raw: bytes) -> str:
    """The file's text (coproduce.core.text_upload), or CsvProblem saying why it cannot be read."""
    try:
        return text_decode(raw, limits=LIMITS).text
    except TextUploadError as problem:
        raise CsvProblem(problem.line, problem.reason) from problem


def read_rows(text: str, *, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Each data row with its line number, keyed by header; headers must include `required`."""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter_sniff(text))
    headers = [(name or "").strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in headers]
    if missing:
        raise CsvProblem(1, f"The first line must name the columns; missing: {', '.join(missing)}.")
    reader.fieldnames = headers
    rows = []
    for row in reader:
        if any((value or "").strip() for value in row.values() if isinstance(value, str)):
            rows.append(
                (reader.line_num, {k: (v or "").strip() for k, v in row.items() if isinstance(v, str)})
            )
    if not rows:
        raise CsvProblem(0, "The file has no rows of data.")
    return rows


def parse_number(text: str, *, line: int, column: str) -> Decimal:
    if _DECIMAL_COMMA.search(text):
        raise CsvProblem(
            line, f"the {column} “{text}” has a decimal comma; write it with a full stop (12.5)."
        )
    cleaned = text.replace(",", "").replace("£", "").replace("%", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise CsvProblem(line, f"the {column} “{text}” is not a number.")
    return number


def parse_area_rows(
    text: str, *, name_column: str, value_column: str, code_column: str = ""
) -> list[AreaRow]:
    """One row per area; an empty area, a value that is not a number or an area given twice is refused."""
    required = tuple(c for c in (name_column, value_column, code_column) if c)
    seen: set[str] = set()
    result = []
    for line, row in read_rows(text, required=required):
        name = row.get(name_column, "")
        if not name:
            raise CsvProblem(line, f"the area name (column {name_column}) is empty.")
        if name.casefold() in seen:
            raise CsvProblem(line, f"the area “{name}” is in the file twice.")
        seen.add(name.casefold())
        value = parse_number(row.get(value_column, ""), line=line, column=f"value (column {value_column})")
        if abs(value) >= MAX_VALUE:
            raise CsvProblem(line, f"the value “{row[value_column]}” is too large.")
        value = value.quantize(Decimal("0.000001"))
        result.append(AreaRow(area_name=name[:200], area_code=row.get(code_column, "")[:20], value=value))
    return result
