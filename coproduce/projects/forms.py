"""Input parsing for the projects pages. Forms check what was typed; services apply the rules."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone

from coproduce.accounts.models import User

from .models import Membership, PhaseKind
from .permissions import ProjectRole

REAL_DATE = "Enter a real date"
ROLE_HINT = (
    "Leads manage the project and its team. Researchers manage people and consent. "
    "Facilitators and observers can see the project but not personal data."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DateInput(), error_messages={"invalid": REAL_DATE}, **kwargs
    )


class QuestionsField(forms.CharField):
    """A textarea of research questions, one per line, cleaned to a list without blank lines."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the project's title"})
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    place = forms.CharField(max_length=120, required=False, help_text="For example, Birmingham.")
    research_questions = QuestionsField(required=False, help_text="Put each question on its own line.")
    ethics_reference = forms.CharField(label="Ethics approval reference", max_length=120, required=False)
    retention_until = date_field(
        "Keep personal data until",
        help_text="After this date, people's personal data should be erased or anonymised.",
    )
    lawful_basis = forms.CharField(
        label="Lawful basis for processing personal data",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, public task (UK GDPR Article 6(1)(e)).",
    )


class ProjectCreateForm(ProjectForm):
    add_creator_as_lead = forms.BooleanField(
        label="Make me a lead of this project", required=False, initial=True
    )
    lead_email = forms.EmailField(
        label="Invite a lead by email",
        required=False,
        help_text="We will email this person an invitation to lead the project.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )

    def clean_retention_until(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data["retention_until"]
        if value and value <= timezone.localdate():
            raise forms.ValidationError("The date to keep personal data until must be in the future")
        return value

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not data.get("add_creator_as_lead") and not data.get("lead_email") and "lead_email" in data:
            self.add_error("lead_email", "Enter the lead's email address, or choose to be a lead yourself")
        return data


class PhaseDatesForm(forms.Form):
    kind = forms.ChoiceField(choices=PhaseKind.choices, widget=forms.HiddenInput)
    planned_start = date_field("Planned start")
    planned_end = date_field("Planned end")
    actual_start = date_field("Actual start")
    actual_end = date_field("Actual end")

    @property
    def legend(self) -> str:
        kind = self["kind"].value()
        return str(PhaseKind(kind).label) if kind in PhaseKind.values else "Phase"

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for which in ("planned", "actual"):
            start, end = data.get(f"{which}_start"), data.get(f"{which}_end")
            if start and end and end < start:
                self.add_error(
                    f"{which}_end",
                    f"The {which} end date must be the same as or after the {which} start date",
                )
        if data.get("actual_end") and not data.get("actual_start") and "actual_start" in data:
            self.add_error("actual_start", "Enter the actual start date, as the phase has an actual end date")
        return data


PhaseFormSet = forms.formset_factory(PhaseDatesForm, extra=0)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=ProjectRole.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HINT,
        error_messages={"required": "Choose a role"},
    )


class InvitationForm(RoleForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    field_order = ["email", "role"]


class SignupForm(forms.Form):
    """Set up an account for the email address an invitation was sent to."""

    full_name = forms.CharField(max_length=200, error_messages={"required": "Enter your full name"})
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. Avoid common words and passwords you use elsewhere.",
        error_messages={"required": "Enter a password"},
    )
    password_again = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The passwords do not match")
        elif password:
            user = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="What was done", required=False)
    who = forms.ChoiceField(label="Who did it", required=False)
    date_from = date_field("From date")
    date_to = date_field("To date")

    def __init__(self, *args: Any, actions: list[str], members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._user_ids = {str(member.public_id): member.user_id for member in members}
        action_choices = [("", "All actions"), *((action, action) for action in actions)]
        who_choices = [("", "Anyone"), *((str(member.public_id), str(member.user)) for member in members)]
        cast(forms.ChoiceField, self.fields["action"]).choices = action_choices
        cast(forms.ChoiceField, self.fields["who"]).choices = who_choices

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to date' must be the same as or after the 'from date'")
        return data

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `coproduce.core.selectors.audit_list`; none when the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "action": data["action"],
            "actor_id": self._user_ids.get(data["who"]),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
