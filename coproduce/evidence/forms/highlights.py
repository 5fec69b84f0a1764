"""The form for the words and phrases highlighted on the screening page."""

from django import forms

from ..highlight import terms_parse

TERMS_HINT = (
    "One word or phrase a line. Capital letters do not matter. Whole words only: put * at the end of a word "
    "to find its other endings, so child* finds child, children and childhood."
)


class HighlightTermsForm(forms.Form):
    relevant = forms.CharField(
        label="Terms that suggest a record is relevant",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=TERMS_HINT + " Shown underlined, on green.",
    )
    irrelevant = forms.CharField(
        label="Terms that suggest a record is not relevant",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=TERMS_HINT + " Shown in a dotted box, on pink.",
    )

    def clean_relevant(self) -> list[str]:
        return terms_parse(self.cleaned_data["relevant"])

    def clean_irrelevant(self) -> list[str]:
        return terms_parse(self.cleaned_data["irrelevant"])
