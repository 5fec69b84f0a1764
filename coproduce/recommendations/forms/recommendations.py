"""Forms for recommendations, their progress, and endorsement rounds."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from coproduce.frameworks.models import Element
from coproduce.people.models import Organisation, Stakeholder
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from ..models import Position, Priority, Progress, Recommendation, Timeframe

MARKDOWN_HINT = "Plain English. You can use Markdown: **bold**, and lists starting with -."


class _Elements(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.framework.title}: {obj.title} ({obj.get_level_display().lower()})"


class RecommendationForm(forms.Form):
    action = forms.CharField(
        max_length=300, label="What should be done", error_messages={"required": "Say what should be done"}
    )
    rationale = forms.CharField(
        required=False, label="Why", widget=forms.Textarea(attrs={"rows": 5}), help_text=MARKDOWN_HINT
    )
    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Lead organisation",
        empty_label="No single organisation",
    )
    lead_sector = forms.ChoiceField(
        choices=[("", "Not set"), *Sector.choices], required=False, label="Lead sector"
    )
    partners = forms.CharField(
        max_length=500,
        required=False,
        label="Partners",
        help_text="Organisations or groups who work on it with the lead.",
    )
    partner_sectors = forms.MultipleChoiceField(
        choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Partner sectors"
    )
    timeframe = forms.ChoiceField(
        choices=Timeframe.choices, widget=forms.RadioSelect, initial=Timeframe.MEDIUM
    )
    resources = forms.CharField(
        required=False, label="Resources needed", widget=forms.Textarea(attrs={"rows": 3})
    )
    measure = forms.CharField(
        required=False,
        label="Measure of success",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How everyone will know it has worked.",
    )
    priority = forms.ChoiceField(choices=Priority.choices, widget=forms.RadioSelect, initial=Priority.MEDIUM)
    elements = _Elements(
        queryset=Element.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Framework elements it puts into practice",
    )

    def __init__(
        self, *args: Any, project: Project, recommendation: Recommendation | None = None, **kwargs: Any
    ):
        if recommendation is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(recommendation, name) for name in (
                "action", "rationale", "lead_organisation", "lead_sector", "partners", "partner_sectors",
                "timeframe", "resources", "measure", "priority",
            )} | {"elements": list(recommendation.elements.all())}  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(project=project)  # type: ignore[attr-defined]
        elements = Element.objects.filter(framework__project=project).select_related("framework")
        self.fields["elements"].queryset = elements.order_by("framework__title", "order")  # type: ignore[attr-defined]


class ReviseForm(RecommendationForm):
    reason = forms.CharField(
        max_length=300, label="What changed and why", error_messages={"required": "Say what changed and why"}
    )


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(
        choices=Progress.choices, widget=forms.RadioSelect, label="How far has it got?"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What has happened",
        help_text="This is shown on the public page.",
        error_messages={"required": "Say what has happened"},
    )


class ProgressNoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What has happened",
        help_text="This is shown on the public page once it is published again.",
        error_messages={"required": "Say what has happened"},
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="Milestone", error_messages={"required": "Enter the milestone"}
    )
    due_on = forms.DateField(
        required=False,
        label="Due by",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For example, 2027-03-31",
    )


class RoundForm(forms.Form):
    title = forms.CharField(max_length=200, initial="Do you support these recommendations?")
    message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="A message for the people you ask"
    )
    closes_on = forms.DateField(
        label="Closes on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Links stop working at the end of this day.",
    )
    people = forms.ModelMultipleChoiceField(
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="People to ask",
        help_text="Only people who agreed to be contacted again are listed.",
        error_messages={"required": "Choose at least one person"},
    )

    def __init__(self, *args: Any, eligible: list[Stakeholder], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Stakeholder.objects.filter(pk__in=[p.pk for p in eligible])  # type: ignore[attr-defined]

    def clean_closes_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["closes_on"]
        if value < timezone.localdate():
            raise forms.ValidationError("The closing date must be today or later")
        return value


class EndorsementForm(forms.Form):
    """One position and comment per recommendation, plus whether to hear about progress."""

    notify_updates = forms.BooleanField(
        required=False, label="Email me when there is progress on these recommendations"
    )

    def __init__(self, *args: Any, recommendations: list[Recommendation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.recommendations = recommendations
        for r in recommendations:
            self.fields[f"position_{r.pk}"] = forms.ChoiceField(
                choices=Position.choices,
                widget=forms.RadioSelect,
                required=False,
                label=f"{r.label}. {r.action}",
            )
            self.fields[f"comment_{r.pk}"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                label=f"Comments on {r.label} (optional)",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"position_{r.pk}") for r in self.recommendations):
            raise forms.ValidationError("Give your view on at least one recommendation")
        return data

    @property
    def positions(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            r.pk: (data[f"position_{r.pk}"], data[f"comment_{r.pk}"])
            for r in self.recommendations
            if data.get(f"position_{r.pk}")
        }

    def pairs(self) -> list[tuple[Recommendation, forms.BoundField, forms.BoundField]]:
        return [(r, self[f"position_{r.pk}"], self[f"comment_{r.pk}"]) for r in self.recommendations]
