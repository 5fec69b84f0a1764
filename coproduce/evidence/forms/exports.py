"""Choosing which screened records to download, and in what format."""

from django import forms

from ..exports import ExportFormat, ExportRecords


class ExportForm(forms.Form):
    records = forms.ChoiceField(
        label="Which records",
        choices=ExportRecords.choices,
        initial=ExportRecords.INCLUDED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which records to download"},
    )
    format = forms.ChoiceField(
        label="File format",
        choices=ExportFormat.choices,
        initial=ExportFormat.RIS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a file format"},
    )
