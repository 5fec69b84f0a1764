"""Input parsing for consent: form editor, recording consent, participant's answers, withdrawal, erasure."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConsentForm, ConsentKind, ConsentMethod, ConsentScope, ErasureReason
from .statements import DEFAULT_INFORMATION_SHEET, DEFAULT_STATEMENTS


class ConsentFormEditForm(forms.Form):
    """Title, information sheet, team contact, and for each scope: include it? with what wording?"""

    title = forms.CharField(max_length=200, initial="Consent to take part in the research")
    information_sheet = forms.CharField(
        label="Participant information sheet",
        widget=forms.Textarea(attrs={"rows": 14}),
        initial=DEFAULT_INFORMATION_SHEET,
        help_text="What the research is, what taking part means, and what happens to people's information.",
    )
    team_contact = forms.CharField(
        label="How people can contact the research team",
        max_length=300,
        required=False,
        help_text="A team email address or phone number. It is shown to participants.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for scope in ConsentScope:
            self.fields[f"include_{scope.value}"] = forms.BooleanField(
                label="Include this statement", required=False, initial=True
            )
            self.fields[f"text_{scope.value}"] = forms.CharField(
                label="Statement",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=DEFAULT_STATEMENTS[scope],
            )

    @classmethod
    def initial_from(cls, form: ConsentForm) -> dict[str, Any]:
        texts = {statement.scope: statement.text for statement in form.statements.all()}
        initial: dict[str, Any] = {
            "title": form.title,
            "information_sheet": form.information_sheet,
            "team_contact": form.team_contact,
        }
        for scope in ConsentScope.values:
            initial[f"include_{scope}"] = scope in texts
            initial[f"text_{scope}"] = texts.get(scope, DEFAULT_STATEMENTS[scope])
        return initial

    def scope_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, include field, text field) for each scope, for the template."""
        return [
            (scope.label, self[f"include_{scope.value}"], self[f"text_{scope.value}"])
            for scope in ConsentScope
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        statements = {}
        for scope in ConsentScope:
            if data.get(f"include_{scope.value}"):
                text = (data.get(f"text_{scope.value}") or "").strip()
                if not text:
                    self.add_error(
                        f"text_{scope.value}", f"Enter the statement for “{scope.label}”, or leave it out"
                    )
                statements[scope.value] = text
        if not statements:
            raise forms.ValidationError("Include at least one statement")
        data["statements"] = statements
        return data


class ConsentRecordForm(forms.Form):
    """Consent a researcher took on paper or verbally, for the scopes of the current form."""

    scopes = forms.MultipleChoiceField(
        label="What did the person answer about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one statement"},
    )
    kind = forms.ChoiceField(
        label="What did they say?",
        widget=forms.RadioSelect,
        choices=[
            (ConsentKind.GIVEN, "Yes, they agreed"),
            (ConsentKind.REFUSED, "No, they did not agree"),
            (ConsentKind.WITHDRAWN, "They agreed before but have now changed their mind"),
        ],
        error_messages={"required": "Choose what the person said"},
    )
    method = forms.ChoiceField(
        label="How did they tell you?",
        widget=forms.RadioSelect,
        choices=[
            (ConsentMethod.PAPER, "On a paper form"),
            (ConsentMethod.VERBAL, "Verbally (in person or by phone)"),
        ],
        error_messages={"required": "Choose how the person told you"},
    )
    note = forms.CharField(
        label="Note",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, where the signed paper form is kept. Do not write personal details here.",
    )

    def __init__(self, *args: Any, consent_form: ConsentForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scopes"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        field.choices = [(s.scope, s.get_scope_display()) for s in consent_form.statements.all()]


class ParticipantAnswersForm(forms.Form):
    """One yes/no question per statement of the person's consent form."""

    def __init__(self, *args: Any, consent_form: ConsentForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for statement in consent_form.statements.all():
            self.fields[statement.scope] = forms.ChoiceField(
                label=statement.text,
                widget=forms.RadioSelect,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                error_messages={"required": _("Choose yes or no")},
            )

    def answers(self) -> dict[str, bool]:
        return {scope: value == "yes" for scope, value in self.cleaned_data.items()}


class WithdrawChoice:
    STOP = "stop"
    ERASE = "erase"


class WithdrawForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("What would you like us to do?"),
        widget=forms.RadioSelect,
        choices=[(WithdrawChoice.STOP, _("Stop using my data")), (WithdrawChoice.ERASE, _("Erase my data"))],
        error_messages={"required": _("Choose what you would like us to do")},
    )


class WithdrawConfirmForm(WithdrawForm):
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class EraseForm(forms.Form):
    """The team's confirmation before erasing a person."""

    reason = forms.ChoiceField(
        label="Why are you erasing this person's data?",
        widget=forms.RadioSelect,
        choices=ErasureReason.choices,
        error_messages={"required": "Choose why you are erasing this person's data"},
    )
    confirm = forms.BooleanField(
        label="I understand that this removes everything we hold about this person and cannot be undone",
        error_messages={"required": "Confirm that you understand this cannot be undone"},
    )
