"""The stretch of text to suggest codes for, and accepting a suggestion."""

from django import forms


class SpanForm(forms.Form):
    """Which words: a turn by its number, or start and end offsets into the transcript's text."""

    turn = forms.IntegerField(
        label="Turn number", min_value=1, required=False,
        help_text="Each turn's number is shown beside its speaker on the coding page.",
    )  # fmt: skip
    start = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def span(self) -> tuple[int, int] | None:
        """The offsets given, if both are and they make a stretch of text."""
        if not self.is_valid():
            return None
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start is None or end is None or end <= start:
            return None
        return start, end


class AcceptForm(forms.Form):
    interview_id = forms.UUIDField()
    code = forms.UUIDField()
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False)
