"""Forms for changing or undoing a decision on the record page, and for prior knowledge."""

from typing import Any

from django import forms

from coproduce.projects.models import Project

from ..models import Decision, PriorLabel, Reference
from ..selectors.screening import screenable_references
from .screening import ReasonForm


class DecisionForm(ReasonForm):
    """One's own decision on a record, from the record page; `version` is the decision it was opened on."""

    field_order = ["decision", "reason", "note"]

    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose include, exclude or maybe"},
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class UndoForm(forms.Form):
    """Undo one's own decision; `version` is the decision the page showed (core.versions), always needed."""

    version = forms.CharField(widget=forms.HiddenInput)


class UndoLastForm(forms.Form):
    """The screening page's Undo: the decision just made there."""

    decision_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


PRIOR_CHOICES = [(PriorLabel.RELEVANT, "Known relevant"), (PriorLabel.IRRELEVANT, "Known irrelevant")]


class PriorMarkForm(forms.Form):
    references: forms.ModelMultipleChoiceField[Reference] = forms.ModelMultipleChoiceField(
        queryset=Reference.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Choose at least one record",
            "invalid_choice": "Choose records of this review",
        },
    )
    label = forms.ChoiceField(
        choices=PriorLabel.choices, error_messages={"required": "Choose how to mark the records"}
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["references"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        field.queryset = screenable_references(project=project)


class PriorSeedForm(forms.Form):
    text = forms.CharField(
        label="DOIs or titles, one a line",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=100_000,
        help_text="For example 10.1000/xyz123, or the exact title of a record in this review.",
        error_messages={"required": "Paste at least one DOI or title, one a line"},
    )
    label = forms.ChoiceField(
        label="Mark them as",
        choices=PRIOR_CHOICES,
        widget=forms.RadioSelect,
        initial=PriorLabel.RELEVANT,
        error_messages={"required": "Choose known relevant or known irrelevant"},
    )
