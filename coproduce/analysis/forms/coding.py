"""Applying codes to a transcript (by selected offsets, or by typing the words), and memos while coding."""

from typing import Any

from django import forms

from ..selectors.coding import CodeChoice


class CodingForm(forms.Form):
    """Either `start` and `end` (code point offsets from the page's script) or `words` after a turn."""

    code = forms.MultipleChoiceField(
        label="Code",
        error_messages={"required": "Choose a code to apply"},
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    turn = forms.IntegerField(label="Look from", required=False, min_value=0)
    words = forms.CharField(
        label="Words to code",
        required=False,
        max_length=20_000,
        help_text="Copy them as they appear. The first place they appear, from the chosen turn on, is coded.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, codes: list[CodeChoice], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.codes = {str(c.public_id): c for c in codes}
        self.fields["code"].choices = [(str(c.public_id), c.path) for c in codes]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_span = data.get("start") is not None and data.get("end") is not None
        if not has_span and not (data.get("words") or "").strip():
            self.add_error("words", "Select the words to code, or type them")
        if has_span and data["end"] <= data["start"]:
            self.add_error("words", "Select some words to code")
        return data

    def chosen_codes(self) -> list[CodeChoice]:
        return [self.codes[v] for v in self.cleaned_data["code"]]


class CodingMemoForm(forms.Form):
    """A memo on the transcript, or (with `coding`) on one coded segment."""

    coding = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Title (optional)", required=False, max_length=200)
    text = forms.CharField(
        label="Memo", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the memo"}
    )
