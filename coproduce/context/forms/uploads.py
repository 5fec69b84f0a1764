"""Uploads: an area dataset (with its columns named) and a file of budget lines. Both check the whole file."""

from typing import Any

from django import forms

from coproduce.context.spreadsheets import (
    MAX_BYTES,
    AreaRow,
    BudgetRow,
    CsvProblem,
    decode,
    parse_area_rows,
    parse_budget_rows,
)

from .sources import SourceForm

CSV_FILE_HELP = "A CSV file up to 5 MB, saved as UTF-8 or Windows text."


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


class BudgetImportForm(forms.Form):
    file = _csv_field("CSV file of budget lines")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = _read(self)
        if text is not None:
            try:
                cleaned["rows"] = parse_budget_rows(text)
            except CsvProblem as problem:
                self.add_error("file", f"Nothing was imported. {problem}")
        return cleaned

    def rows(self) -> list[BudgetRow]:
        rows: list[BudgetRow] = self.cleaned_data["rows"]
        return rows
