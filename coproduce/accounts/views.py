"""Sign in, sign out, password reset and change, and the profile page.

The authentication pages are Django's own views, given this project's forms and templates and
pointed at the `accounts:` URL names. Password writes go through `user_set_password` so that
they are audited like every other write.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track

from .forms import ChangePasswordForm, NewPasswordForm, ProfileForm, ResetRequestForm, SignInForm
from .models import User
from .services import user_set_password, user_update_profile


class ProductName:
    """Django's authentication views put the host ("127.0.0.1:8000") in `site_name`, which would replace
    the product's name that every page shows (core.context_processors.site): these give it back."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["site_name"] = settings.SITE_NAME
        return context


class SignInView(ProductName, auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class SignOutView(ProductName, auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET), then back to the sign-in page."""

    next_page = "accounts:login"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out")
        return response


class PasswordResetView(ProductName, auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        return {
            "site_name": settings.SITE_NAME,  # Django's would be the host
            "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }


class PasswordResetDoneView(ProductName, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}


class PasswordResetConfirmView(ProductName, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:  # type: ignore[override]
        # Django's version calls form.save(); ours writes through the audited service.
        user_set_password(
            user=form.user, password=form.cleaned_data["new_password1"], by=form.user, via_reset=True
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(ProductName, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(ProductName, auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:  # type: ignore[override]
        user = user_set_password(user=form.user, password=form.cleaned_data["new_password1"], by=form.user)
        update_session_auth_hash(self.request, user)  # stay signed in on this device only
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(ProductName, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Your account: change your name or email address; a link to change your password."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 narrows the type; never false when the code is right
    form = ProfileForm(request.POST if request.method == "POST" else None, user=user, request=request)
    form_version_track(form, user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user_update_profile(
                user=user, full_name=data["full_name"], email=data["email"], by=user, version=data["version"]
            )
        except ValidationError as error:  # the address was taken a moment ago, or the account changed
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Your details have been saved")
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
