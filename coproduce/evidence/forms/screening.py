"""Forms for eligibility criteria and screening decisions."""

from typing import Any

from django import forms

from coproduce.projects.models import Project

from ..models import Criterion, CriterionKind, Decision
from ..selectors.screening import exclusion_reasons


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


class ScreenForm(forms.Form):
    reference_id = forms.IntegerField(widget=forms.HiddenInput)
    offered_as = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    decision = forms.ChoiceField(
        choices=Decision.choices, error_messages={"required": "Choose include, exclude or maybe"}
    )
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
        assert isinstance(reason, forms.ModelChoiceField)
        reason.queryset = exclusion_reasons(project=project)
