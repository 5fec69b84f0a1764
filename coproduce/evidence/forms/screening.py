"""Forms for eligibility criteria and screening decisions."""

from typing import Any

from django import forms

from coproduce.projects.models import Project

from ..models import Criterion, CriterionKind, Decision
from ..selectors.screening import RESOLUTION, exclusion_reasons


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of criterion",
        choices=CriterionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether records must meet this or are excluded by it"},
    )
    label = forms.CharField(
        label="Short name",
        max_length=120,
        help_text="Shown while screening, and as a reason to exclude: 'Not about a UK local authority'.",
        error_messages={"required": "Enter a short name"},
    )
    description = forms.CharField(
        label="What it means",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain English, with examples of what is in and out.",
    )


class ReasonForm(forms.Form):
    """The reason (one of the project's exclusion criteria) and note that go with every decision."""

    reason = forms.ModelChoiceField(
        label="Reason to exclude",
        queryset=Criterion.objects.none(),
        required=False,
        empty_label="Choose a reason (if excluding)",
    )
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ModelChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        reason.queryset = exclusion_reasons(project=project)


class ScreenForm(ReasonForm):
    reference_id = forms.IntegerField(widget=forms.HiddenInput)
    offered_as = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    decision = forms.ChoiceField(
        choices=Decision.choices, error_messages={"required": "Choose include, exclude or maybe"}
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        self.fields["note"].label = "Note (optional)"
        self.fields["note"].help_text = "Saved with the decision you choose above."

    def clean_offered_as(self) -> str:
        offered_as: str = self.cleaned_data["offered_as"]
        return "" if offered_as == RESOLUTION else offered_as  # resolutions go through conflict_resolve


class ResolveForm(ReasonForm):
    field_order = ["decision", "reason", "note"]

    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose include, exclude or maybe"},
    )


class DualScreeningForm(forms.Form):
    share_percent = forms.IntegerField(
        label="Share of records screened by two people",
        min_value=0,
        max_value=100,
        help_text="A percentage from 0 to 100. Reviews often double-screen 10% to 20% of records.",
        error_messages={
            "required": "Enter a share from 0 to 100",
            "min_value": "Enter a share from 0 to 100",
            "max_value": "Enter a share from 0 to 100",
            "invalid": "Enter a whole number from 0 to 100",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ReasonAddForm(forms.Form):
    """The reason given to an exclusion just recorded: one button per exclusion criterion."""

    decision_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ModelChoiceField(
        queryset=Criterion.objects.none(), error_messages={"required": "Choose a reason"}
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ModelChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        reason.queryset = exclusion_reasons(project=project)
