"""Forms for the report's settings and sections, and the public page."""

from django import forms

MARKDOWN_HINT = "Plain English. You can use Markdown: **bold**, lists starting with -, and ### headings."


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the report's title"})
    subtitle = forms.CharField(max_length=300, required=False)
    authors = forms.CharField(max_length=300, required=False, help_text="As they should appear on the cover.")


class SectionForm(forms.Form):
    body = forms.CharField(
        required=False,
        label="Your text for this section",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HINT,
    )


class PublicationForm(forms.Form):
    slug = forms.SlugField(
        max_length=80,
        label="Web address",
        help_text="Letters, numbers and hyphens, for example brookvale-early-help.",
    )
    is_published = forms.BooleanField(required=False, label="Publish the public page")
    include_report = forms.BooleanField(required=False, label="Include the report", initial=True)
