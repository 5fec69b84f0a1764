"""The source fields every item of the dossier has; forms list their own fields first with `field_order`."""

from django import forms


class SourceForm(forms.Form):
    source_title = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Who published it and where, for example: Birmingham City Council budget report, 2025.",
        error_messages={"required": "Enter the source"},
    )
    source_url = forms.URLField(
        label="Web address of the source (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org/report"},
    )
    source_note = forms.CharField(
        label="Note on the source (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: figures rounded in a press report; check against the council's own papers.",
    )
