"""One entry of the search log."""

from typing import Any

from django import forms

from coproduce.evidence.models import Search


class SearchForm(forms.Form):
    source = forms.CharField(
        label="Database or website",
        max_length=200,
        help_text="For example: Scopus, PubMed, the Local Government Association website, Google.",
        error_messages={"required": "Enter the database or website you searched"},
    )
    searched_on = forms.DateField(
        label="Date searched",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of the search", "invalid": "Enter a real date"},
    )
    search_string = forms.CharField(
        label="Search string",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The exact words and operators you searched with, so the search can be repeated.",
    )
    hits = forms.IntegerField(
        label="Number of results the source reported", required=False, min_value=0, max_value=10_000_000
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, instance: Search | None = None, **kwargs: Any):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
