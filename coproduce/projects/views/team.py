"""The team page, where leads invite people, withdraw invitations, change roles and remove members."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.versions import EditConflict, form_show_conflict, form_version_track

from .. import services
from ..access import access_project
from ..forms import InvitationForm, RoleForm
from ..permissions import Need, ProjectRole
from ..selectors import invitation_list, member_list
from .common import signed_in_user, site_root


@login_required
def team(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    can_manage = bool(project.viewer_role and project.viewer_role.can_manage_team())
    context = {
        "project": project,
        "members": member_list(project=project),
        "can_manage": can_manage,
        "invitations": invitation_list(project=project, open_only=True) if can_manage else [],
    }
    return render(request, "projects/team.html", context)


@login_required
def invitation_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_TEAM)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        email, role = form.cleaned_data["email"], ProjectRole(form.cleaned_data["role"])
        try:
            invitation = services.invitation_create(
                project=project,
                email=email,
                role=role,
                by=signed_in_user(request),
                base_url=site_root(request),
            )
        except ValidationError as error:
            form.add_error("email", error.messages)
        else:
            messages.success(request, f"Invitation to {invitation.email} queued to be emailed")
            return redirect("projects:team", project_id=project.public_id)
    context = {"form": form, "project": project, "link_days": settings.PERSONAL_LINK_MAX_AGE_DAYS}
    return render(request, "projects/invitation_form.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, project_id: uuid.UUID, invitation_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_TEAM)
    invitation = get_object_or_404(invitation_list(project=project), public_id=invitation_id)
    try:
        services.invitation_revoke(invitation=invitation, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation to {invitation.email} withdrawn")
    return redirect("projects:team", project_id=project.public_id)


@login_required
def membership_change_role(
    request: HttpRequest, project_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_TEAM)
    membership = get_object_or_404(member_list(project=project), public_id=membership_id)
    form = RoleForm(request.POST if request.method == "POST" else None, initial={"role": membership.role})
    form_version_track(form, membership)
    if form.is_valid():
        role = ProjectRole(form.cleaned_data["role"])
        try:
            services.membership_change_role(
                membership=membership,
                role=role,
                by=signed_in_user(request),
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form_show_conflict(form, conflict)
        except ValidationError as error:
            form.add_error("role", error.messages)
        else:
            messages.success(request, f"{membership.user} is now a {role.label.lower()}")
            return redirect("projects:team", project_id=project.public_id)
    context = {"form": form, "project": project, "membership": membership}
    return render(request, "projects/membership_role_form.html", context)


@login_required
def membership_remove(request: HttpRequest, project_id: uuid.UUID, membership_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_TEAM)
    membership = get_object_or_404(member_list(project=project), public_id=membership_id)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, by=signed_in_user(request))
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"{membership.user} has been removed from the project")
            if membership.user_id == request.user.pk:
                return redirect("projects:project_list")
            return redirect("projects:team", project_id=project.public_id)
    context = {"project": project, "membership": membership, "error": error}
    return render(request, "projects/membership_remove.html", context)
