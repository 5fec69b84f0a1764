"""Forms for frameworks, their elements and evidence links."""

from typing import Any

from django import forms

from coproduce.analysis.models import Level, PriorityCandidate
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from ..models import Element, ElementKind, EvidenceKind, Framework
from ..selectors.candidates import evidence_target_get

MARKDOWN_HINT = (
    "Write in plain English. You can use Markdown: **bold**, lists starting with -, and ## headings."
)


class FrameworkForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the framework"})
    area = forms.ModelChoiceField(
        queryset=PriorityCandidate.objects.none(),
        required=False,
        label="Priority area",
        empty_label="None: a framework across the areas",
    )
    summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), help_text=MARKDOWN_HINT
    )

    def __init__(self, *args: Any, project: Project, framework: Framework | None = None, **kwargs: Any):
        if framework is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": framework.title,
                "area": framework.area,
                "summary": framework.summary,
            }
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = PriorityCandidate.objects.filter(project=project)  # type: ignore[attr-defined]


class ElementForm(forms.Form):
    title = forms.CharField(max_length=120, error_messages={"required": "Enter a title for the element"})
    level = forms.ChoiceField(
        choices=Level.choices,
        widget=forms.RadioSelect,
        label="Level of working",
        help_text="Cultural: values and relationships. Tactical: how teams work day to day. Strategic: "
        "money, governance and commitments.",
        error_messages={"required": "Choose the level of working"},
    )
    kind = forms.ChoiceField(choices=ElementKind.choices, widget=forms.RadioSelect, label="Kind of element")
    narrative = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), help_text=MARKDOWN_HINT
    )
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sectors involved",
    )

    def __init__(self, *args: Any, element: Element | None = None, **kwargs: Any):
        if element is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": element.title,
                "level": element.level,
                "kind": element.kind,
                "narrative": element.narrative,
                "sectors": element.sectors,
            }
        kwargs.setdefault("initial", {}).setdefault("kind", ElementKind.PRACTICE)
        super().__init__(*args, **kwargs)


class EvidenceSearchForm(forms.Form):
    kind = forms.ChoiceField(choices=EvidenceKind.choices, label="Kind of evidence")
    q = forms.CharField(required=False, max_length=200, label="Words to look for")


class EvidenceLinkForm(forms.Form):
    """A piece of evidence to link (to an element or a recommendation): `target` is cleaned into its row."""

    kind = forms.ChoiceField(choices=EvidenceKind.choices)
    target = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False, max_length=300, label="Why it supports the element")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data and "target" in data:
            data["target"] = evidence_target_get(kind=data["kind"], pk=data["target"])
        if data.get("target") is None:
            raise forms.ValidationError("Choose the evidence to link")
        return data
