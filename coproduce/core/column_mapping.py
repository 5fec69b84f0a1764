"""The column-mapping step of a spreadsheet import: which column of the file holds which field.

An importer names its fields (with labels, the usual headings for each and which are required); the file's
first line gives the headings; `mapping_guess` matches the usual headings, and `ColumnMappingForm` lets the
person check and change each choice. Used by the reference import (evidence) and the budget import (context).
"""

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from coproduce.core.text_upload import delimiter_sniff

ColumnMap = dict[str, str]  # field -> column heading


class ColumnProblem(Exception):
    """Why a file's columns cannot be read; `line` is the file's line number (0 for the whole file)."""

    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Column:
    """One field an importer can fill from a column."""

    label: str
    usual_headings: tuple[str, ...] = ()
    required_message: str = ""  # empty: the field may be "Not in the file"
    help_text: str = ""

    @property
    def required(self) -> bool:
        return bool(self.required_message)


def csv_rows(text: str) -> list[list[str]]:
    """Every line of a CSV text as cells (the delimiter sniffed, a byte-order mark dropped)."""
    sample = text.lstrip("\ufeff")
    try:
        return list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter_sniff(sample)))
    except csv.Error as error:
        raise ColumnProblem(0, f"The file cannot be read as CSV: {error}.") from error


def csv_headings(text: str) -> list[str]:
    """The column headings of the first line (blank headings are named by position)."""
    rows = csv_rows(text)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ColumnProblem(1, "the first line should hold the column headings, but it is empty.")
    return [cell.strip() or f"Column {n}" for n, cell in enumerate(rows[0], start=1)]


def heading_normalise(heading: str) -> str:
    return re.sub(r"[\s_\-]+", " ", heading.strip().lower())


def mapping_guess(headings: list[str], usual: Mapping[str, tuple[str, ...]]) -> ColumnMap:
    """{field: heading} for each field whose usual name is a heading; no heading is given to two fields."""
    normal = {heading_normalise(h): h for h in headings}
    mapping: ColumnMap = {}
    for name, names in usual.items():
        found = next((normal[n] for n in names if n in normal), None)
        if found and found not in mapping.values():
            mapping[name] = found
    return mapping


class ColumnMappingForm(forms.Form):
    """One choice of column per field, first guessed from the headings."""

    def __init__(
        self,
        *args: Any,
        headings: list[str],
        columns: Mapping[str, Column],
        guesses: ColumnMap,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.columns = columns
        choices = [("", "Not in the file"), *[(h, h) for h in headings]]
        for name, column in columns.items():
            self.fields[name] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=column.required,
                initial=guesses.get(name, ""),
                help_text=column.help_text,
                error_messages={"required": column.required_message},
            )

    def mapping(self) -> ColumnMap:
        return {name: self.cleaned_data[name] for name in self.columns if self.cleaned_data.get(name)}
