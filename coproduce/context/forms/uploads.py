"""Uploads: an area dataset (with its columns named) and a file of budget lines. Both check the whole file."""

from typing import Any

from django import forms
from django.core import signing

from coproduce.context.budget_file import (
    COLUMNS,
    AmountUnit,
    BudgetRow,
    column_values,
    columns_guess,
    headings_read,
    name_key,
    parse_budget_rows,
    status_field_name,
    status_guess,
)
from coproduce.context.geo import GeoProblem, shapes_read
from coproduce.context.models import BudgetStatus
from coproduce.context.spreadsheets import MAX_BYTES, AreaRow, CsvProblem, decode, parse_area_rows
from coproduce.core.column_mapping import ColumnMappingForm
from coproduce.core.text_upload import TextLimits, TextUploadError, text_decode

from .sources import SourceForm

CSV_FILE_HELP = "A CSV file up to 5 MB, saved as UTF-8 or Windows text."
UPLOAD_AGAIN = "The file could not be read again: upload it again"


def _csv_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=CSV_FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
    )


def _read(form: forms.Form) -> str | None:
    """The uploaded file's text, or None with an error on the file field."""
    upload = form.cleaned_data.get("file")
    if upload is None:
        return None
    try:
        return decode(upload.read(MAX_BYTES + 1))
    except CsvProblem as problem:
        form.add_error("file", str(problem))
        return None


class DatasetUploadForm(SourceForm):
    title = forms.CharField(
        max_length=200,
        help_text="For example: Index of Multiple Deprivation 2019 by ward",
        error_messages={"required": "Enter a title"},
    )
    area_type = forms.CharField(label="Type of area", max_length=50, initial="ward")
    measure = forms.CharField(
        label="What is measured",
        max_length=200,
        help_text="For example: average deprivation score (higher is more deprived)",
        error_messages={"required": "Enter what is measured"},
    )
    unit = forms.CharField(
        label="Unit (optional)", max_length=50, required=False, help_text="For example: people, %"
    )
    file = _csv_field("CSV file of areas")
    name_column = forms.CharField(
        label="Column with the area name",
        max_length=100,
        initial="area_name",
        error_messages={"required": "Enter the column"},
    )
    value_column = forms.CharField(
        label="Column with the value",
        max_length=100,
        initial="value",
        error_messages={"required": "Enter the column"},
    )
    code_column = forms.CharField(
        label="Column with the area code (optional)",
        max_length=100,
        required=False,
        initial="area_code",
        help_text="Leave empty if the file has no codes, such as E05011118.",
    )

    field_order = [
        "title",
        "area_type",
        "measure",
        "unit",
        "file",
        "name_column",
        "value_column",
        "code_column",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = _read(self)
        if text is not None and not self.errors:
            try:
                cleaned["rows"] = parse_area_rows(
                    text,
                    name_column=cleaned["name_column"],
                    value_column=cleaned["value_column"],
                    code_column=cleaned.get("code_column", ""),
                )
            except CsvProblem as problem:
                self.add_error("file", f"Nothing was imported. {problem}")
        return cleaned

    def rows(self) -> list[AreaRow]:
        rows: list[AreaRow] = self.cleaned_data["rows"]
        return rows


MAX_CARRIED = (
    2 * 1024 * 1024
)  # the file, compressed, travels in the mapping page's form (Django takes 2.5 MB)
CARRY_SALT = "context.budget_import"


class BudgetImportForm(forms.Form):
    """The first step: the file. Its headings are read; the next step says which column holds what."""

    file = _csv_field("CSV file of budget lines")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = _read(self)
        if text is None:
            return cleaned
        try:
            cleaned["headings"] = headings_read(text)
        except CsvProblem as problem:
            self.add_error("file", f"Nothing was imported. {problem}")
            return cleaned
        carried = signing.dumps({"name": cleaned["file"].name, "text": text}, salt=CARRY_SALT, compress=True)
        if len(carried) > MAX_CARRIED:
            self.add_error("file", "The file is too big for one import: split it into files of 1 MB or less.")
        cleaned.update(carried=carried, text=text)
        return cleaned


class BudgetMappingForm(ColumnMappingForm):
    """The second step: which column holds what, how the amounts are given, and what each status means."""

    upload = forms.CharField(widget=forms.HiddenInput, error_messages={"required": UPLOAD_AGAIN})
    unit = forms.ChoiceField(
        label="How are the amounts given?",
        choices=AmountUnit.choices,
        initial=AmountUnit.AUTO,
        widget=forms.RadioSelect,
        help_text="A figure with its own unit, such as £1.2m or 300k, is read as it says.",
    )
    source_default = forms.CharField(
        label="Source of the figures, for lines without one (optional)",
        max_length=300,
        required=False,
        help_text="For example: Budget report to full council, 5 March 2024",
    )

    def __init__(self, data: Any = None, *, upload: str, text: str, filename: str) -> None:
        headings = headings_read(text)
        guesses = columns_guess(headings)
        super().__init__(
            data, headings=headings, columns=COLUMNS, guesses=guesses, initial={"upload": upload}
        )
        self.text, self.filename = text, filename
        status_column = (data.get("status") if data is not None else guesses.get("status")) or ""
        self.status_values = column_values(text, status_column) if status_column in headings else []
        self.order_fields([*COLUMNS, "unit", "source_default", "upload"])
        for raw in self.status_values:
            self.fields[status_field_name(raw)] = forms.ChoiceField(
                label=f"What does the status “{raw}” mean?",
                choices=[("", "Choose a status"), *BudgetStatus.choices],
                initial=status_guess(raw),
                error_messages={"required": f"Choose what the status “{raw}” means"},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        statuses = {name_key(raw): cleaned[status_field_name(raw)] for raw in self.status_values}
        try:
            cleaned["rows"] = parse_budget_rows(
                self.text,
                mapping=self.mapping(),
                unit=cleaned["unit"],
                statuses=statuses,
                source=cleaned["source_default"],
            )
        except CsvProblem as problem:
            self.add_error(None, f"Nothing was imported. {problem}")
        return cleaned

    def rows(self) -> list[BudgetRow]:
        rows: list[BudgetRow] = self.cleaned_data["rows"]
        return rows


def budget_upload_carried(value: str) -> tuple[str, str] | None:
    """The (filename, text) the first step carried to the mapping page; None if it was changed or is old."""
    try:
        carried = signing.loads(value, salt=CARRY_SALT, max_age=24 * 60 * 60)
    except signing.BadSignature:
        return None
    return str(carried["name"]), str(carried["text"])


MAX_BOUNDARY_BYTES = 10 * 1024 * 1024
BOUNDARY_LIMITS = TextLimits(
    max_bytes=MAX_BOUNDARY_BYTES, kind="GeoJSON", advice="Save the boundaries as GeoJSON and upload that."
)


class BoundaryUploadForm(forms.Form):
    """Area outlines as GeoJSON, for the maps of area statistics: replaces any the project has."""

    file = forms.FileField(
        label="GeoJSON file of area boundaries",
        help_text="A GeoJSON FeatureCollection up to 10 MB, one feature per area, with its code and name "
        "(such as WD22CD and WD22NM).",
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
        error_messages={"required": "Choose a GeoJSON file", "empty": "The file is empty"},
    )
    source_title = forms.CharField(
        label="Source",
        max_length=300,
        initial="ONS Open Geography Portal, Wards (December 2022) Boundaries UK BGC, "
        "Open Government Licence v3.0",
        help_text="Who published the boundaries, and their licence.",
        error_messages={"required": "Enter the source"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            text = text_decode(upload.read(MAX_BOUNDARY_BYTES + 1), limits=BOUNDARY_LIMITS).text
            cleaned["shapes"] = shapes_read(text)
        except TextUploadError as problem:
            self.add_error("file", f"Nothing was changed. {problem.reason}")
        except GeoProblem as problem:
            self.add_error("file", f"Nothing was changed. {problem}")
        return cleaned
