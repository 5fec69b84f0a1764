"""Forms of the accounts app: they parse input; the services in services.py do the writing."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.http import HttpRequest

from .models import User
from .services import EMAIL_TAKEN


def _email_field(label: str = "Email address") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


def _password_hint() -> str:
    return " ".join(password_validation.password_validators_help_texts())


class SignInForm(AuthenticationForm):
    """Sign in with an email address. Failures never say whether the address has an account.

    The inherited `clean()` passes `request` to `authenticate()`, which django-axes needs to
    count failures and lock the account out.
    """

    username = forms.CharField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case; lock-outs count against the same spelling.
        return str(self.cleaned_data["username"]).strip().lower()


class ResetRequestForm(PasswordResetForm):
    email = _email_field()


class _NewPasswordLabels:
    """GOV.UK wording for the two new-password fields of Django's password forms."""

    fields: dict[str, forms.Field]

    def _relabel(self) -> None:
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = _password_hint()
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = "Enter the same password again"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"


class NewPasswordForm(_NewPasswordLabels, SetPasswordForm[User]):
    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._relabel()


class ChangePasswordForm(_NewPasswordLabels, PasswordChangeForm):
    error_messages = {
        "password_mismatch": "The passwords do not match",
        "password_incorrect": "Your current password is not correct",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._relabel()
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"


class ProfileForm(forms.Form):
    """Your name and email address. Changing the email address needs your current password."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your full name"},
    )
    email = _email_field()
    current_password = forms.CharField(
        label="Current password",
        required=False,
        strip=False,
        help_text="Only needed if you change your email address",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        self.user = user
        self.request = request
        kwargs.setdefault("initial", {"full_name": user.full_name, "email": user.email})
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        email = self.cleaned_data.get("email")
        if email and email != self.user.email:
            password = self.cleaned_data.get("current_password") or ""
            if not password:
                self.add_error("current_password", "Enter your current password to change your email address")
            elif not self._password_is_correct(password):
                self.add_error("current_password", "Your current password is not correct")
        return cleaned

    def _password_is_correct(self, password: str) -> bool:
        # Through authenticate() so that django-axes counts wrong guesses here too.
        confirmed = authenticate(self.request, username=self.user.email, password=password)
        return confirmed is not None and confirmed.pk == self.user.pk


class AdminUserAddForm(BaseUserCreationForm[User]):
    """The site admin's form for adding an account: email address, full name, password twice."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email
