"""Reading a file of budget lines in the council's own layout, checked whole before anything is saved.

The person says which column holds what (coproduce.core.column_mapping, as for references), how the amounts
are given (pounds, £k or £m: chosen, or worked out from the heading such as "Saving (£m)" or from figures
such as "£1.2m") and what each of the file's statuses means in the app's list (proposed, agreed, delivered,
reversed). Service names are tidied (spaces) so that "Adult Social Care" and "adult social care " are one
service.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.db import models

from coproduce.context.models import BudgetKind, BudgetStatus
from coproduce.context.spreadsheets import MAX_VALUE, CsvProblem, parse_number
from coproduce.core.column_mapping import (
    Column,
    ColumnMap,
    ColumnProblem,
    csv_headings,
    csv_rows,
    mapping_guess,
)

_YEAR = re.compile(r"^(\d{4})\s*[/\-\u2013]\s*(\d{2}|\d{4})$")  # 2024/25, 2024-25, 2024-2025
_AMOUNT = re.compile(
    r"^(?P<number>[£\d.,\s]*\d[\d.,]*)\s*(?P<suffix>bn|billion|m|mn|million|k|thousand)?$", re.IGNORECASE
)
_WEB_ADDRESS = re.compile(r"^https?://\S+$", re.IGNORECASE)
_SUFFIXES = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}
_HEADING_UNITS = (
    (re.compile(r"£\s*bn|\bbn\b|billions?|gbp\s*bn"), 1_000_000_000),
    (re.compile(r"£\s*m\b|\(m\)|\bm\)|millions?|\bgbp\s*m\b|\bmn\b"), 1_000_000),
    (re.compile(r"£\s*k\b|\(k\)|\bk\)|thousands?|£\s*000|\b000s\b|\bgbp\s*k\b"), 1_000),
)
_STATUS_WORDS = (
    (("revers", "withdr", "drop", "cancel", "abandon"), BudgetStatus.REVERSED),
    (("deliver", "achiev", "implement", "complet", "made"), BudgetStatus.DELIVERED),
    (("propos", "consult", "draft", "plan", "option"), BudgetStatus.PROPOSED),
    (("agree", "approv", "decided", "adopt", "set", "budget", "confirm"), BudgetStatus.AGREED),
)


class AmountUnit(models.TextChoices):
    AUTO = "auto", "Work it out from the column heading and the figures"
    POUNDS = "1", "Pounds (£)"
    THOUSANDS = "1000", "Thousands of pounds (£k)"
    MILLIONS = "1000000", "Millions of pounds (£m)"


COLUMNS: dict[str, Column] = {
    "year": Column(
        "Financial year",
        ("year", "financial year", "fy", "budget year"),
        "Choose the column that holds the financial year",
        "Written like 2024/25.",
    ),
    "service": Column(
        "Service area",
        ("service", "service area", "directorate", "department", "portfolio", "item"),
        "Choose the column that holds the service area",
    ),
    "description": Column("Description", ("description", "details", "proposal", "saving proposal", "title")),
    "amount": Column(
        "Amount",
        (
            "amount",
            "amount gbp",
            "amount gbp m",
            "amount gbp k",
            "amount £",
            "amount (£)",
            "amount (£m)",
            "amount £m",
            "amount (£k)",
            "value",
            "saving",
            "savings",
            "£m",
            "£k",
            "£",
        ),
        "Choose the column that holds the amounts",
    ),
    "kind": Column("Kind: saving, growth or one-off", ("kind", "type"), help_text="Empty means a saving."),
    "status": Column("Status", ("status", "stage", "state")),
    "source": Column("Source", ("source", "source url", "source title", "reference", "link")),
}


@dataclass(frozen=True)
class BudgetRow:
    financial_year: str
    service: str
    description: str
    amount: Decimal
    kind: str
    status: str
    source_title: str
    source_url: str = ""


def name_tidy(text: str) -> str:
    """A name with its spaces tidied: "  Adult  Social Care " -> "Adult Social Care"."""
    return " ".join(text.split())


def name_key(text: str) -> str:
    """What two spellings of one name share: "Adult Social Care" and "adult social care " -> same key."""
    return name_tidy(text).casefold()


def status_field_name(raw: str) -> str:
    """The mapping form's field for one of the file's statuses."""
    return "status__" + hashlib.sha256(name_key(raw).encode()).hexdigest()[:10]


def headings_read(text: str) -> list[str]:
    try:
        return csv_headings(text)
    except ColumnProblem as problem:
        raise CsvProblem(problem.line, problem.reason) from problem


def columns_guess(headings: list[str]) -> ColumnMap:
    """The usual headings first; failing those, an amount column whose heading names money or savings."""
    guesses = mapping_guess(headings, {name: column.usual_headings for name, column in COLUMNS.items()})
    if "amount" not in guesses:
        money = ("£", "amount", "saving", "value", "gbp")
        free = [h for h in headings if h not in guesses.values()]
        found = next((h for h in free if any(word in h.casefold() for word in money)), None)
        if found:
            guesses["amount"] = found
    return guesses


def unit_from_heading(heading: str) -> int | None:
    """The multiplier a heading names ("Saving (£m)" -> 1,000,000), or None."""
    lowered = heading.casefold().replace("_", " ")
    return next((multiplier for pattern, multiplier in _HEADING_UNITS if pattern.search(lowered)), None)


def status_guess(raw: str) -> str:
    """The app's status a file's status most likely means ("approved (5 Mar 2024)" -> agreed), or ""."""
    wanted = name_key(raw)
    for value, label in BudgetStatus.choices:
        if wanted in {value, label.casefold()}:
            return str(value)
    return next((str(status) for words, status in _STATUS_WORDS if any(w in wanted for w in words)), "")


def _cells(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        rows = csv_rows(text)
    except ColumnProblem as problem:
        raise CsvProblem(problem.line, problem.reason) from problem
    headings = headings_read(text)
    lines = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(c.strip() for c in cells)]
    if not lines:
        raise CsvProblem(0, "The file has no rows of data.")
    return headings, lines


def column_values(text: str, heading: str) -> list[str]:
    """The different values in one column, in the order they first appear (spaces and case aside)."""
    headings, lines = _cells(text)
    if heading not in headings:
        return []
    position = headings.index(heading)
    seen: dict[str, str] = {}
    for _line, cells in lines:
        value = name_tidy(cells[position]) if position < len(cells) else ""
        if value and name_key(value) not in seen:
            seen[name_key(value)] = value
    return list(seen.values())


def parse_budget_rows(
    text: str,
    *,
    mapping: ColumnMap | None = None,
    unit: str = AmountUnit.AUTO,
    statuses: Mapping[str, str] | None = None,
    source: str = "",
    only_where: tuple[str, str] | None = None,
) -> list[BudgetRow]:
    """The file's budget lines. `mapping` names each field's column (guessed from the headings if None);
    `statuses` maps a file's status (by `name_key`) to the app's; `source` names the source of lines with
    none; `only_where` (column, value) keeps only the rows with that value."""
    headings, lines = _cells(text)
    mapping = columns_guess(headings) if mapping is None else mapping
    missing = [column.label for name, column in COLUMNS.items() if column.required and not mapping.get(name)]
    unknown = [heading for heading in mapping.values() if heading and heading not in headings]
    if missing or unknown:
        named = ", ".join(missing) if missing else f"there is no column called “{unknown[0]}”"
        raise CsvProblem(1, f"The columns are not all chosen: {named}.")
    multiplier = int(unit) if unit != AmountUnit.AUTO else unit_from_heading(mapping["amount"]) or 1
    rows = [_row_values(headings, cells, mapping) for _line, cells in lines]
    keep = [
        (line, row)
        for (line, _cells_), row in zip(lines, rows, strict=True)
        if only_where is None or name_key(row.get(f"column:{only_where[0]}", "")) == name_key(only_where[1])
    ]
    seen: set[tuple[str, str, str]] = set()
    result = []
    for line, row in keep:
        budget_row = _budget_row(line, row, multiplier=multiplier, statuses=statuses or {}, source=source)
        key = (budget_row.financial_year, name_key(budget_row.service), name_key(budget_row.description))
        if key in seen:
            raise CsvProblem(
                line,
                f"the line for {budget_row.service} in {budget_row.financial_year} is in the file twice.",
            )
        seen.add(key)
        result.append(budget_row)
    if not result:
        raise CsvProblem(0, "The file has no rows of data.")
    return result


def _row_values(headings: list[str], cells: list[str], mapping: ColumnMap) -> dict[str, str]:
    by_heading = {h: (cells[n].strip() if n < len(cells) else "") for n, h in enumerate(headings)}
    values = {name: by_heading.get(heading, "") for name, heading in mapping.items() if heading}
    values.update({f"column:{h}": v for h, v in by_heading.items()})
    return values


def _year(line: int, text: str) -> str:
    match = _YEAR.match(text.strip())
    if match is None or int(match.group(2)[-2:]) != (int(match.group(1)) + 1) % 100:
        raise CsvProblem(line, f"the year “{text}” must look like 2024/25.")
    return f"{match.group(1)}/{match.group(2)[-2:]}"


def amount_parse(line: int, text: str, *, multiplier: int) -> Decimal:
    """Pounds from "2,300,000", "£2.3m", "2300k" or (with `multiplier` 1,000,000) "2.3"."""
    match = _AMOUNT.match(text.strip())
    suffix = (match.group("suffix") or "").casefold() if match else ""
    number = parse_number(match.group("number") if match else text, line=line, column="amount")
    if number < 0 or text.strip().startswith("-"):
        raise CsvProblem(line, "the amount is negative; give it as a positive number and set the kind.")
    pounds = number * (_SUFFIXES[suffix] if suffix else multiplier)
    if pounds >= MAX_VALUE:
        raise CsvProblem(line, f"the amount “{text}” is too large.")
    return pounds.quantize(Decimal("0.01"))


def _budget_row(
    line: int, row: dict[str, str], *, multiplier: int, statuses: Mapping[str, str], source: str
) -> BudgetRow:
    service = name_tidy(row.get("service", ""))
    if not service:
        raise CsvProblem(line, "the service area is empty.")
    source_title = name_tidy(row.get("source", "")) or source
    if not source_title:
        raise CsvProblem(line, "the source is empty; choose a source column, or name the source of the file.")
    raw_status = row.get("status", "")
    status = statuses.get(name_key(raw_status)) or (status_guess(raw_status) if not statuses else "")
    if raw_status and not status:
        allowed = ", ".join(str(value) for value in BudgetStatus.values)
        raise CsvProblem(line, f"the status “{raw_status}” is not one of: {allowed}.")
    source_url = source_title if _WEB_ADDRESS.match(source_title) else ""
    if source_url:  # a bare web address: the link, titled by its site
        source_title = urlsplit(source_url).hostname or source_url
        source_title = source_title.removeprefix("www.")
    return BudgetRow(
        source_url=source_url[:500],
        financial_year=_year(line, row.get("year", "")),
        service=service[:200],
        description=name_tidy(row.get("description", ""))[:500],
        amount=amount_parse(line, row.get("amount", ""), multiplier=multiplier),
        kind=_kind(line, row.get("kind", "")),
        status=status or BudgetStatus.PROPOSED,
        source_title=source_title[:300],
    )


def _kind(line: int, text: str) -> str:
    wanted = name_key(text).replace("-", "_").replace(" ", "_") or BudgetKind.SAVING
    for value, label in BudgetKind.choices:
        if wanted in {value, label.casefold().replace("-", "_").replace(" ", "_")}:
            return str(value)
    allowed = ", ".join(str(value) for value in BudgetKind.values)
    raise CsvProblem(line, f"the kind “{text}” is not one of: {allowed}.")
