"""Forms for themes and quotes, and for choosing priority areas."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.evidence.models import Reference
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.people.models import Interest, Stakeholder
from coproduce.projects.models import Project

from ..models import Code, Coding, PriorityCandidate, PriorityCriterion, Theme


class _Labelled(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ThemeForm(forms.Form):
    name = forms.CharField(max_length=160, error_messages={"required": "Enter a name for the theme"})
    narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the theme says, in plain English.",
    )
    codes = _Labelled(queryset=Code.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, project: Project, theme: Theme | None = None, **kwargs: Any):
        if theme is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": theme.name,
                "narrative": theme.narrative,
                "codes": list(theme.codes.all()),
            }
        super().__init__(*args, **kwargs)
        live = Code.objects.filter(project=project, merged_into__isnull=True).order_by("name")
        self.fields["codes"].queryset = live  # type: ignore[attr-defined]


class _Segment(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.transcript.interview.stakeholder.code}: “{obj.snippet[:90]}”"


class QuoteForm(forms.Form):
    coding = _Segment(
        label="Coded segment",
        queryset=Coding.objects.none(),
        error_messages={"required": "Choose a coded segment"},
    )
    for_outputs = forms.BooleanField(
        label="May appear in outputs (needs the speaker's consent to anonymised quotes)", required=False
    )
    note = forms.CharField(label="Why this quote (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any):
        super().__init__(*args, **kwargs)
        segments = Coding.objects.filter(
            code__in=theme.codes.all(), transcript__redaction_done_at__isnull=False
        )
        self.fields["coding"].queryset = segments.select_related(  # type: ignore[attr-defined]
            "transcript__interview__stakeholder"
        ).order_by("transcript_id", "start")


class CriterionForm(forms.Form):
    name = forms.CharField(max_length=160, error_messages={"required": "Enter the criterion"})
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    weight = forms.IntegerField(min_value=0, max_value=10, initial=1, help_text="From 0 (ignore) to 10.")


class CandidateForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the area"})
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    themes = _Labelled(queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    references = _Labelled(
        label="Included records behind it",
        queryset=Reference.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = _Labelled(
        label="Interests of people in the register it matches",
        queryset=Interest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People with these interests are flagged for its workshops.",
    )

    def __init__(
        self, *args: Any, project: Project, candidate: PriorityCandidate | None = None, **kwargs: Any
    ):
        if candidate is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": candidate.title,
                "description": candidate.description,
                "themes": list(candidate.themes.all()),
                "references": list(candidate.references.all()),
                "interests": list(candidate.interests.all()),
            }
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(project=project)  # type: ignore[attr-defined]
        included = Reference.objects.filter(pk__in=included_reference_ids(project=project)).order_by("title")
        self.fields["references"].queryset = included  # type: ignore[attr-defined]
        self.fields["interests"].queryset = Interest.objects.filter(project=project)  # type: ignore[attr-defined]


class ScoresForm(forms.Form):
    """One 0-5 score per candidate and criterion, for the signed-in researcher."""

    def __init__(
        self,
        *args: Any,
        candidates: list[PriorityCandidate],
        criteria: list[PriorityCriterion],
        current: dict[tuple[int, int], int],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.cells = []
        choices = [("", "Not scored"), *((str(n), str(n)) for n in range(6))]
        for candidate in candidates:
            for criterion in criteria:
                name = f"s_{candidate.pk}_{criterion.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{candidate.title}: {criterion.name}",
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=current.get((candidate.pk, criterion.pk)),
                )
                self.cells.append((candidate, criterion, name))


class DecisionForm(forms.Form):
    chosen = _Labelled(
        label="The two priority areas",
        queryset=PriorityCandidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose two areas"},
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why these two: the scores, the voices and the evidence behind them.",
        error_messages={"required": "Explain why these areas were chosen"},
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = PriorityCandidate.objects.filter(project=project)  # type: ignore[attr-defined]


class _Person(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        sector = obj.organisation.get_sector_display() if obj.organisation else "sector not recorded"
        return f"{obj.code}, {sector}"


class RankingInviteForm(forms.Form):
    people = _Person(
        label="People to ask",
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one person"},
    )

    def __init__(self, *args: Any, eligible: list[Stakeholder], **kwargs: Any):
        super().__init__(*args, **kwargs)
        people = Stakeholder.objects.filter(pk__in=[p.pk for p in eligible]).select_related("organisation")
        self.fields["people"].queryset = people.order_by("code")  # type: ignore[attr-defined]


class RankingForm(forms.Form):
    """A rank from 1 (most important) for each candidate area, each number used once."""

    def __init__(self, *args: Any, candidates: list[PriorityCandidate], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        numbers = [("", _("Choose a number")), *((str(n), str(n)) for n in range(1, len(candidates) + 1))]
        for candidate in candidates:
            self.fields[f"rank_{candidate.pk}"] = forms.TypedChoiceField(
                label=candidate.title,
                help_text=candidate.description[:300],
                choices=numbers,
                coerce=int,
                error_messages={"required": _("Choose a number for %(area)s") % {"area": candidate.title}},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"rank_{c.pk}") for c in self.candidates]
        if None not in chosen and len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Use each number once: 1 for the most important area"))
        return data

    def ranks(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"rank_{c.pk}"] for c in self.candidates}
