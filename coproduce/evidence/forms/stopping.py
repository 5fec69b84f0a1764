"""The reason the team gives when it stops or resumes screening."""

from django import forms


class ScreeningStopForm(forms.Form):
    reason = forms.CharField(
        label="Why is the team making this decision?",
        help_text="This goes into the screening report, for example: the stopping rule says recall of 95% is "
        "likely and the last 100 records were all excluded.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why the team is making this decision"},
    )
