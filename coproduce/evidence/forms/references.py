"""Adding or correcting a record by hand, and filtering the list of records."""

from typing import Any

from django import forms

from coproduce.evidence.models import ImportBatch, Reference, SourceType
from coproduce.evidence.selectors.filters import DecisionFilter, DecisionGroups
from coproduce.projects.models import Project


class ReferenceForm(forms.Form):
    url = forms.URLField(
        label="Web address (URL)",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="Leave the title blank to have it read from the page, if it is a public web page.",
    )
    title = forms.CharField(
        required=False, max_length=2000, help_text="Leave blank to read it from the web address."
    )
    source_type = forms.ChoiceField(
        label="Type of source",
        choices=SourceType.choices,
        initial=SourceType.REPORT,
        error_messages={"required": "Choose the type of source"},
    )
    authors = forms.CharField(
        label="Authors or organisation",
        required=False,
        max_length=2000,
        help_text="One per line, family name first (Smith, Jane), or the organisation.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    year = forms.IntegerField(required=False, min_value=1500, max_value=2100)
    container = forms.CharField(label="Journal or series", required=False, max_length=500)
    publisher = forms.CharField(label="Publisher or organisation", required=False, max_length=300)
    doi = forms.CharField(
        label="DOI", required=False, max_length=255, help_text="For example: 10.1000/xyz123"
    )
    abstract = forms.CharField(
        label="Abstract or summary", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, instance: Reference | None = None, **kwargs: Any):
        if instance is not None and "initial" not in kwargs:
            names = [n for n in self.base_fields if n != "authors"]
            kwargs["initial"] = {n: getattr(instance, n) for n in names}
            kwargs["initial"]["authors"] = "\n".join(str(a) for a in instance.authors)
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean_authors(self) -> list[str]:
        return [" ".join(line.split()) for line in self.cleaned_data["authors"].splitlines() if line.strip()]

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and not data.get("url") and "url" not in self.errors:
            self.add_error("title", "Enter the title, or a web address to read it from")
        return data


class ReferenceFilterForm(forms.Form):
    q = forms.CharField(label="Search titles, authors, DOI or journal", required=False, max_length=200)
    source_type = forms.ChoiceField(
        label="Type of source", choices=[("", "All types"), *SourceType.choices], required=False
    )
    batch = forms.ChoiceField(label="Imported from", required=False)
    decision = forms.ChoiceField(label="Screening decision", required=False)
    reason = forms.ChoiceField(label="Reason for exclusion", required=False)

    def __init__(self, *args: Any, project: Project, groups: DecisionGroups, **kwargs: Any):
        super().__init__(*args, **kwargs)
        batches = ImportBatch.objects.filter(project=project).order_by("-created_at")
        self.batches = {str(b.public_id): b for b in batches}
        self.groups = groups
        counts = groups.counts()
        self._choices(
            "batch", [("", "Any file or added by hand"), *[(k, str(b)) for k, b in self.batches.items()]]
        )
        self._choices(
            "decision",
            [("", "Any decision"), *[(k, f"{label} ({counts[k]:,})") for k, label in DecisionFilter.choices]],
        )
        reasons = [
            (str(pk), f"{label} ({len(groups.reasons[pk]):,})") for pk, label in groups.reason_labels.items()
        ]
        self._choices("reason", [("", "Any reason"), *reasons])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        field.choices = choices

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; `ids`: the records the decision and reason filters keep (None: all)."""
        data = self.cleaned_data if self.is_valid() else {}
        ids: set[int] | None = None
        if decision := data.get("decision", ""):
            ids = self.groups.ids(decision)
        if reason := data.get("reason", ""):
            by_reason = self.groups.reasons[int(reason)]
            ids = by_reason if ids is None else ids & by_reason
        return {
            "search": data.get("q", ""),
            "source_type": data.get("source_type", ""),
            "batch": self.batches.get(data.get("batch", "")),
            "ids": ids,
        }
