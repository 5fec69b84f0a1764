"""Forms for recommendations, their progress, and endorsement rounds."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.frameworks.models import Element
from coproduce.people.models import Organisation, Stakeholder
from coproduce.people.sectors import Sector
from coproduce.people.selectors import NO_SECTOR
from coproduce.projects.models import Project

from ..models import Endorsement, Position, Priority, Progress, Recommendation, Timeframe
from ..selectors.endorsement import Candidate, InviteeChoices

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


class PublishForm(forms.Form):
    """Publishing over objections: the lead confirms they read them (`acknowledged`: their digest) and says
    why. Publishing with no objections to read sends none of these fields."""

    acknowledged = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have read the objections and publish this recommendation anyway",
        error_messages={"required": "Tick to confirm that you have read the objections"},
    )
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why it is published despite the objections",
        help_text="Kept in the decision record with the objections. For example, what changed in response.",
        error_messages={"required": "Say why it is published despite the objections"},
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


SECTOR_FILTERS = [*Sector.choices, (NO_SECTOR, "No organisation")]


class RoundFilterForm(forms.Form):
    """The query of the round form's page: which of the people who may be asked to list (and tick)."""

    sector = forms.MultipleChoiceField(
        choices=SECTOR_FILTERS, required=False, widget=forms.CheckboxSelectMultiple, label="Sector"
    )
    organisation = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    workshop = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Workshop they came to"
    )
    interest = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, choices: InviteeChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        options = {
            "organisation": ("Any organisation", [(o.pk, o.name) for o in choices.organisations]),
            "workshop": ("Any or no workshop", [(w.pk, w.title) for w in choices.workshops]),
            "interest": ("Any interest", [(i.pk, i.name) for i in choices.interests]),
        }
        self.labels: dict[str, dict[str, str]] = {
            "sector": {value: str(label) for value, label in SECTOR_FILTERS}
        }
        for name, (empty, values) in options.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 narrows the type
            field.choices = [("", empty), *values]
            self.labels[name] = {str(value): label for value, label in values}

    def filters(self) -> dict[str, Any]:
        """The valid filters as `endorsement_eligible` arguments; a stale value is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "sectors": data.get("sector") or [],
            "organisation_id": data.get("organisation"),
            "workshop_id": data.get("workshop"),
            "interest_id": data.get("interest"),
        }

    def chosen_by(self) -> dict[str, list[str]]:
        """The filters in words, for the audit trail: {"sector": ["VCFSE"], "workshop": ["Workshop 1"]}."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        words: dict[str, list[str]] = {}
        for name, labels in self.labels.items():
            value = data.get(name)
            chosen = value if isinstance(value, list) else [] if value is None else [value]
            if chosen:
                words[name] = [labels.get(str(v), str(v)) for v in chosen]
        return words


class _People(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    labels: dict[int, str]

    def label_from_instance(self, obj: Any) -> str:
        return self.labels.get(obj.pk, str(obj))


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
    people = _People(
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="People to ask",
        help_text=(
            "Only people who agreed to be contacted again are listed, with their organisation, sector, the "
            "workshops they came to and their interests."
        ),
        error_messages={"required": "Choose at least one person"},
    )

    def __init__(self, *args: Any, eligible: list[Candidate], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        assert isinstance(field, _People)  # noqa: S101 narrows the type
        field.queryset = Stakeholder.objects.filter(pk__in=[c.person.pk for c in eligible]).order_by("code")
        field.labels = {c.person.pk: c.label for c in eligible}

    def clean_closes_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["closes_on"]
        if value < timezone.localdate():
            raise forms.ValidationError("The closing date must be today or later")
        return value


# The personal link's form is read by participants: its words are translated (Django i18n).
POSITION_CHOICES = [
    (Position.SUPPORT.value, _("I support it")),
    (Position.CHANGES.value, _("I support it with changes")),
    (Position.OBJECT.value, _("I object")),
]


class EndorsementForm(forms.Form):
    """One position and comment per recommendation, plus whether to hear about progress; filled in with the
    person's earlier answers (`earlier`, by recommendation id) when they open their link again."""

    notify_updates = forms.BooleanField(
        required=False, label=_("Email me when there is progress on these recommendations")
    )

    def __init__(
        self,
        *args: Any,
        recommendations: list[Recommendation],
        earlier: dict[int, Endorsement] | None = None,
        notify_updates: bool = False,
        **kwargs: Any,
    ):
        self.earlier = earlier or {}
        initial: dict[str, Any] = {"notify_updates": notify_updates}
        for pk, answer in self.earlier.items():
            initial |= {f"position_{pk}": answer.position, f"comment_{pk}": answer.comment}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.recommendations = recommendations
        for r in recommendations:
            self.fields[f"position_{r.pk}"] = forms.ChoiceField(
                choices=POSITION_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                label=_("Your view on %(label)s") % {"label": r.label},
            )
            self.fields[f"comment_{r.pk}"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                label=_("Comments on %(label)s (optional)") % {"label": r.label},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"position_{r.pk}") for r in self.recommendations):
            raise forms.ValidationError(_("Give your view on at least one recommendation"))
        return data

    @property
    def positions(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            r.pk: (data[f"position_{r.pk}"], data[f"comment_{r.pk}"])
            for r in self.recommendations
            if data.get(f"position_{r.pk}")
        }

    def pairs(
        self,
    ) -> list[tuple[Recommendation, forms.BoundField, forms.BoundField, Endorsement | None]]:
        """Each recommendation with its two fields and the person's earlier answer on it, if any."""
        return [
            (r, self[f"position_{r.pk}"], self[f"comment_{r.pk}"], self.earlier.get(r.pk))
            for r in self.recommendations
        ]
