"""The upload form (search, file, format) and the column-mapping form for spreadsheets."""

from typing import Any

from django import forms

from coproduce.core import column_mapping
from coproduce.core.column_mapping import Column
from coproduce.evidence.importers import ImportProblem, decode_upload, detect_format
from coproduce.evidence.importers.csv import FIELDS
from coproduce.evidence.importers.reading import MAX_BYTES
from coproduce.evidence.models import ImportFormat, Search
from coproduce.evidence.progress import progress_token_new, progress_token_valid
from coproduce.projects.models import Project

AUTO = "auto"
NO_SEARCH = "none"
FIELD_LABELS = {
    "title": "Title",
    "abstract": "Abstract",
    "authors": "Authors",
    "year": "Year",
    "journal": "Journal or source",
    "doi": "DOI",
    "url": "Web address (URL)",
    "keywords": "Keywords",
    "pmid": "PubMed ID",
    "type": "Type of record",
}


class ProgressTokenField(forms.CharField):
    """A hidden random token naming one import, so the page can ask how far it has got.

    static/js/import-progress.js puts a new one in before each submission. A missing or malformed token
    means nobody is watching; it is never an error.
    """

    widget = forms.HiddenInput

    def __init__(self) -> None:
        super().__init__(required=False, initial=progress_token_new)

    def clean(self, value: Any) -> str:
        token = str(super().clean(value))
        return token if progress_token_valid(token) else ""


class ImportUploadForm(forms.Form):
    search = forms.ChoiceField(
        label="Which search did the file come from?",
        help_text="Add the search to the search log first if it is not listed.",
        error_messages={"required": "Choose the search the file came from"},
    )
    file = forms.FileField(
        label="File of records",
        help_text="RIS, BibTeX, CSV, PubMed (.nbib), Web of Science (.txt) or CSL-JSON, up to 50 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".ris,.txt,.bib,.csv,.nbib,.json"}),
        error_messages={"required": "Choose a file to import", "empty": "The file is empty"},
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[(AUTO, "Work it out from the file"), *ImportFormat.choices],
        initial=AUTO,
        widget=forms.RadioSelect,
    )
    progress_token = ProgressTokenField()

    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        super().__init__(*args, **kwargs)
        searches = Search.objects.filter(project=project).order_by("-searched_on", "-created_at")
        self.searches = {str(s.public_id): s for s in searches}
        field = self.fields["search"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        field.choices = [
            ("", "Choose a search"),
            *[(key, str(s)) for key, s in self.searches.items()],
            (NO_SEARCH, "No search: records added by hand"),
        ]

    def clean_search(self) -> Search | None:
        return self.searches.get(self.cleaned_data["search"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > MAX_BYTES:
            self.add_error("file", "The file must be 50 MB or smaller")
            return data
        raw = upload.read()
        try:
            uploaded = decode_upload(raw)
        except ImportProblem as problem:
            self.add_error("file", str(problem))
            return data
        if (data.get("format") or AUTO) == AUTO:
            try:
                data["format"] = detect_format(filename=upload.name, text=uploaded.text)
            except ImportProblem as problem:
                self.add_error("format", str(problem))
                return data
        data.update(raw=raw, text=uploaded.text, encoding=uploaded.assumed_encoding, filename=upload.name)
        return data


COLUMNS = {
    name: Column(
        label=FIELD_LABELS[name],
        required_message="Choose the column that holds the titles" if name == "title" else "",
    )
    for name in FIELDS
}


class ColumnMappingForm(column_mapping.ColumnMappingForm):
    """One choice of column per field (coproduce.core.column_mapping); the title is required."""

    progress_token = ProgressTokenField()

    def __init__(self, *args: Any, headings: list[str], guesses: dict[str, str], **kwargs: Any):
        super().__init__(*args, headings=headings, columns=COLUMNS, guesses=guesses, **kwargs)


class ImportConfirmForm(forms.Form):
    """The preview's "Import the N usable records": nothing to fill in but how far the import has got."""

    progress_token = ProgressTokenField()
