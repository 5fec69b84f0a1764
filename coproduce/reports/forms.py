"""Forms for the report's settings and sections, and the public page."""

from django import forms

MARKDOWN_HINT = "Plain English. You can use Markdown: **bold**, lists starting with -, and ### headings."


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the report's title"})
    subtitle = forms.CharField(max_length=300, required=False)
    authors = forms.CharField(max_length=300, required=False, help_text="As they should appear on the cover.")


class ReportFileForm(forms.Form):
    """Which file of the report to make."""

    file_format = forms.ChoiceField(
        choices=[("pdf", "PDF"), ("docx", "Word document")],
        error_messages={
            "required": "Choose PDF or Word document",
            "invalid_choice": "Choose PDF or Word document",
        },
    )


class SectionForm(forms.Form):
    body = forms.CharField(
        required=False,
        label="Your text for this section",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HINT,
    )


class ChecklistConfirmations(forms.MultipleChoiceField):
    """The keys of the checklist items the lead ticked. Any key is accepted here: the service compares them
    with the checklist as it is when publishing, so a stale tick confirms nothing."""

    widget = forms.MultipleHiddenInput

    def valid_value(self, value: str) -> bool:
        return len(value) <= 200


class PublicationForm(forms.Form):
    # A refusal to publish is about the checklist: the error summary links there, not to the page's top.
    non_field_error_anchor = "checklist"
    slug = forms.SlugField(
        max_length=80,
        label="Web address",
        help_text="Letters, numbers and hyphens, for example brookvale-early-help.",
        error_messages={
            "required": "Enter the page's web address",
            "invalid": "Use letters, numbers and hyphens",
        },
    )
    include_report = forms.BooleanField(required=False, label="Include the report", initial=True)
    confirmed = ChecklistConfirmations(required=False)
