"""Input parsing for the register's pages and for each row of a CSV import (the same forms)."""

import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet

from coproduce.core.languages import language_options
from coproduce.projects.models import Project

from .models import NO_LANGUAGE, Organisation, RecruitmentStatus, Stakeholder
from .recruitment import next_statuses
from .sectors import SUBSECTORS_BY_SECTOR, OrganisationSize, Sector, Subsector, subsector_fits
from .selectors import NO_SECTOR

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
INTEREST_MAX_LENGTH = 80

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,40}$", "Enter a telephone number, like 0121 496 0000 or +44 121 496 0000"
)


def split_interests(text: str) -> list[str]:
    """'Housing; youth work, Housing' -> ['Housing', 'youth work']: commas or semicolons, no repeats."""
    names: list[str] = []
    for part in re.split(r"[,;]", text):
        name = " ".join(part.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _subsector_choices() -> list[tuple[str, Any]]:
    labels = dict(Subsector.choices)
    grouped: list[tuple[str, Any]] = [("", "None or not known")]
    for sector, subsectors in SUBSECTORS_BY_SECTOR.items():
        grouped.append((Sector(sector).label, [(s, labels[s]) for s in subsectors]))
    return grouped


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the organisation's name"})
    sector = forms.ChoiceField(
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation's sector"},
        help_text="If you are not sure, see 'Which sector?' on this page.",
    )
    subsector = forms.ChoiceField(
        label="Type",
        choices=_subsector_choices,
        required=False,
        help_text="Only for VCFSE organisations and public-sector partners. It must fit the sector.",
    )
    department = forms.CharField(
        max_length=200, required=False, help_text="For a local authority: the department or directorate."
    )
    size = forms.ChoiceField(
        choices=[("", "Not known"), *OrganisationSize.choices], required=False, widget=forms.RadioSelect
    )
    ward = forms.CharField(
        label="Ward (area of the city)",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "ward-options", "autocomplete": "off"}),
        help_text="Where the organisation mainly works. Start typing to pick a ward already used.",
    )
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(
        self,
        *args: Any,
        project: Project,
        instance: Organisation | None = None,
        taken_names: frozenset[str] | None = None,
        **kwargs: Any,
    ):
        """`taken_names`, the project's names in lower case, saves a query per form when many are checked."""
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance = instance
        self.taken_names = taken_names

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if self.taken_names is not None:
            taken = name.lower() in self.taken_names
        else:
            others = Organisation.objects.filter(project=self.project, name__iexact=name)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            taken = others.exists()
        if taken:
            raise forms.ValidationError(f"An organisation called '{name}' is already in this project")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sector, subsector = data.get("sector", ""), data.get("subsector", "")
        if sector and not subsector_fits(sector=sector, subsector=subsector):
            label = Sector(sector).label.split(" (")[0]
            self.add_error("subsector", f"This type does not belong to the sector {label}")
        return data


class StakeholderForm(forms.Form):
    full_name = forms.CharField(max_length=200, error_messages={"required": "Enter the person's full name"})
    job_title = forms.CharField(label="Role", max_length=200, required=False, help_text="Their job title.")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="No organisation"
    )
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Telephone", max_length=40, required=False, validators=[phone_validator])
    interests = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Separate them with commas, for example: housing, youth work.",
    )
    language = forms.ChoiceField(
        label="Preferred language",
        choices=lambda: [("", NO_LANGUAGE), *language_options()],
        required=False,
        help_text="The emails the project sends them (consent links, invitations, endorsement rounds) are "
        "written in it. A person who chooses a language on the page of their personal link changes it.",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Do not record health, religion or other special category information here.",
    )

    def __init__(
        self,
        *args: Any,
        project: Project,
        instance: Stakeholder | None = None,
        organisations: QuerySet[Organisation] | None = None,
        **kwargs: Any,
    ):
        """`organisations`, the project's, saves building the query for each of many forms."""
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(instance, name)
                    for name in ("full_name", "job_title", "email", "phone", "language")
                },
                "organisation": instance.organisation_id,
                "notes": instance.notes,
                "interests": ", ".join(i.name for i in instance.interests.all()),
            }
        super().__init__(*args, **kwargs)
        self.project = project
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        field.queryset = (
            organisations
            if organisations is not None
            else Organisation.objects.filter(project=project).order_by("name")
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_interests(self) -> list[str]:
        names = split_interests(self.cleaned_data["interests"])
        too_long = [n for n in names if len(n) > INTEREST_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(f"Each interest must be {INTEREST_MAX_LENGTH} characters or fewer")
        return names


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(
        label="New status", widget=forms.RadioSelect, error_messages={"required": "Choose the new status"}
    )
    note = forms.CharField(
        label="Note", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, stakeholder: Stakeholder, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(s.value, s.label) for s in next_statuses(from_status=stakeholder.recruitment_status)]
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        field.choices = choices


class SamplingTargetsForm(forms.Form):
    """One optional whole number per sector; blank means no target."""

    def __init__(self, *args: Any, targets: dict[str, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for sector in Sector:
            self.fields[f"target_{sector.value}"] = forms.IntegerField(
                label=sector.label,
                required=False,
                min_value=1,
                max_value=10000,
                initial=targets.get(sector.value),
                error_messages={"min_value": "Enter 1 or more, or leave it blank for no target"},
            )

    def targets(self) -> dict[str, int | None]:
        return {sector.value: self.cleaned_data.get(f"target_{sector.value}") for sector in Sector}


class ImportForm(forms.Form):
    KINDS = [("organisations", "Organisations"), ("people", "People")]

    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds"},
    )
    file = forms.FileField(
        label="CSV file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text="A .csv file of up to 5 MB. In Excel, choose File, Save As, then CSV UTF-8.",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be 5 MB or smaller")
        return upload


def _valid_filters(form: forms.Form, names: tuple[str, ...]) -> dict[str, str]:
    """The valid filters of a GET form, as selector arguments (`q` becomes `search`).

    A bad value (e.g. from a stale link) is ignored rather than shown as an error.
    """
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return {"search" if name == "q" else name: data.get(name) or "" for name in names}


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=200)
    sector = forms.ChoiceField(choices=[("", "All sectors"), *Sector.choices], required=False)

    def filters(self) -> dict[str, str]:
        return _valid_filters(self, ("q", "sector"))


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    sector = forms.ChoiceField(
        choices=[("", "All sectors"), *Sector.choices, (NO_SECTOR, "No organisation")], required=False
    )
    status = forms.ChoiceField(
        label="Recruitment status", choices=[("", "All statuses"), *RecruitmentStatus.choices], required=False
    )
    interest = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, interests: list[str], search_names: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = "Search by code or name" if search_names else "Search by code"
        field = self.fields["interest"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        field.choices = [("", "All interests"), *((name, name) for name in interests)]

    def filters(self) -> dict[str, str]:
        return _valid_filters(self, ("q", "sector", "status", "interest"))


class ExportForm(forms.Form):
    """The query of a download link: ?what=people&format=xlsx&personal=1."""

    what = forms.ChoiceField(choices=[("people", "People"), ("organisations", "Organisations")])
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")])
    personal = forms.BooleanField(required=False)
