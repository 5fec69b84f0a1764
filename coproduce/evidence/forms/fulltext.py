"""Forms for the full-text stage: attaching the full text and deciding on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from ..models import Decision
from ..services.fulltext import pdf_check
from .screening import ReasonForm


class FullTextAttachForm(forms.Form):
    file = forms.FileField(
        label="Upload a PDF",
        required=False,
        help_text="PDF only, up to 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    url = forms.URLField(
        label="Or a link to the full text",
        required=False,
        max_length=1000,
        help_text="For example a DOI link or the publisher's page.",
        error_messages={"invalid": "Enter a link in the right format, like https://doi.org/10.1000/xyz"},
    )

    def clean_file(self) -> UploadedFile[bytes] | None:
        file: UploadedFile[bytes] | None = self.cleaned_data.get("file")
        if file is not None:
            try:
                pdf_check(file)
            except ValidationError as error:
                raise ValidationError(error.message_dict["file"]) from error
        return file

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and not cleaned.get("url") and not self.errors:
            self.add_error("file", "Choose a PDF or enter a link to the full text")
        return cleaned


class FullTextScreenForm(ReasonForm):
    field_order = ["decision", "reason", "note"]

    decision = forms.ChoiceField(
        label="Decision on the full text",
        choices=[(Decision.INCLUDE, "Include"), (Decision.EXCLUDE, "Exclude")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose include or exclude"},
    )
