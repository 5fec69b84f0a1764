"""Following an emailed invitation: check the link, then join as the right person.

The page answers 400 for a link that was altered, 410 for one that was used, withdrawn or has
expired, and otherwise asks the visitor to accept, sign in, or set up an account.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import services
from ..forms import SignupForm
from ..models import Invitation, Membership
from ..permissions import ProjectRole
from ..selectors import invitation_get_by_token, invitee_has_account
from .common import signed_in_user

TEMPLATE = "projects/invitation_accept.html"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_get_by_token(token=token)
    except signing.BadSignature:
        return render(request, "projects/invitation_invalid.html", {"tampered": True}, status=400)
    except Invitation.DoesNotExist:
        return render(request, "projects/invitation_invalid.html", {}, status=410)
    if not invitation.is_open:
        return render(request, "projects/invitation_invalid.html", {"invitation": invitation}, status=410)
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
    if invitee_has_account(invitation=invitation):
        return render(request, TEMPLATE, {"invitation": invitation, "step": "sign_in"})
    return _accept_with_signup(request, invitation)


def _joined(request: HttpRequest, membership: Membership) -> HttpResponse:
    role = ProjectRole(membership.role).label.lower()
    messages.success(request, f"You have joined {membership.project.title} as a {role}")
    return redirect(membership.project)


def _closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    invitation.refresh_from_db()
    return render(request, "projects/invitation_invalid.html", {"invitation": invitation}, status=410)


def _accept_signed_in(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    user = signed_in_user(request)
    if user.email.lower() != invitation.email.lower():
        return render(request, TEMPLATE, {"invitation": invitation, "step": "wrong_user"}, status=403)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=invitation, user=user)
        except ValidationError:
            return _closed(request, invitation)
        return _joined(request, membership)
    return render(request, TEMPLATE, {"invitation": invitation, "step": "confirm"})


def _accept_with_signup(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = SignupForm(request.POST if request.method == "POST" else None, email=invitation.email)
    if form.is_valid():
        try:
            membership = services.invitation_accept_with_signup(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            login(request, membership.user, backend=BACKEND)
            return _joined(request, membership)
    return render(request, TEMPLATE, {"invitation": invitation, "step": "sign_up", "form": form})
