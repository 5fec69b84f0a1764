"""Invitations and attendance: the team's pages, and the invitee's personal reply page (no account needed).

A tampered reply link answers 400 ("This link is not right"); a link to a workshop that has ended, or
after the end of the workshop's day, answers 410 ("This workshop has ended", "This link has expired");
none changes anything. `link_project` (not `project`) goes to the public templates, so the team's
navigation is not shown.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.languages import language_choose
from coproduce.core.versions import form_version_track
from coproduce.people.models import Stakeholder
from coproduce.people.services import stakeholder_language_set
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user, site_root

from ..forms.planning import AttendanceForm, InviteForm, ReplyForm
from ..identity import invitation_from_token
from ..models import Invitation
from ..selectors.core import workshop_get
from ..selectors.planning import invitation_rows, invite_rows
from ..services.invitations import (
    attendance_record,
    invitation_replies_closed,
    invitation_reply,
    invitations_send,
)


@login_required
def invitation_create(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    rows = invite_rows(workshop=workshop)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        codes=[r.stakeholder.code for r in rows if not r.invited],
    )
    if request.method == "POST" and form.is_valid():
        people = list(Stakeholder.objects.filter(project=project, code__in=form.cleaned_data["people"]))
        try:
            sent = invitations_send(
                workshop=workshop, by=signed_in_user(request), people=people, base_url=site_root(request)
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            emailed = sum(1 for i in sent if i.sent_at)
            messages.success(
                request,
                f"{len(sent)} invited, {emailed} by email. Invite the others another way.",
            )
            return redirect("workshops:invitation_list", project_id=project_id, workshop_id=workshop_id)
    chosen = set(form["people"].value() or [])
    context = {
        "project": project,
        "workshop": workshop,
        "form": form,
        "open_rows": [r for r in rows if not r.invited],
        "invited_rows": [r for r in rows if r.invited],
        "chosen": chosen,
    }
    return render(request, "workshops/invitation_form.html", context, status=400 if form.errors else 200)


@login_required
def invitation_list(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    context = {"project": project, "workshop": workshop, "invitations": invitation_rows(workshop=workshop)}
    return render(request, "workshops/invitation_list.html", context)


@login_required
def attendance(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    invitations = list(invitation_rows(workshop=workshop))
    form = AttendanceForm(request.POST if request.method == "POST" else None, invitations=invitations)
    form_version_track(form, invitations)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_record(
                workshop=workshop,
                by=signed_in_user(request),
                marks=form.marks(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Attendance has been saved")
            return redirect("workshops:invitation_list", project_id=project_id, workshop_id=workshop_id)
    context = {"project": project, "workshop": workshop, "form": form}
    return render(request, "workshops/attendance.html", context, status=400 if form.errors else 200)


def _invalid(request: HttpRequest, invitation: Invitation | None) -> HttpResponse | None:
    if invitation is None:
        return render(request, "workshops/public/invitation_invalid.html", {"state": "tampered"}, status=400)
    if closed := invitation_replies_closed(workshop=invitation.workshop):
        context = {
            "state": closed,
            "workshop": invitation.workshop,
            "link_project": invitation.workshop.project,
        }
        return render(request, "workshops/public/invitation_invalid.html", context, status=410)
    return None


def invitation_reply_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_from_token(token=token)
    if (refusal := _invalid(request, invitation)) is not None or invitation is None:
        return refusal or HttpResponse(status=400)
    initial = {"reply": invitation.reply if invitation.replied_at else None, "note": invitation.reply_note}
    form = ReplyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_reply(invitation=invitation, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("workshops_public:invitation_reply_done", token=token)
    context = {"link_project": invitation.workshop.project, "workshop": invitation.workshop, "form": form}
    return render(
        request, "workshops/public/invitation_reply.html", context, status=400 if form.errors else 200
    )


@require_POST
def invitation_language(request: HttpRequest, token: str) -> HttpResponse:
    """The language chooser on the link's pages: the page turns to the language, and while the link works
    its person has it recorded as the one their emails are written in."""
    response, chosen = language_choose(request)
    invitation = invitation_from_token(token=token)
    if chosen and invitation is not None and not invitation_replies_closed(workshop=invitation.workshop):
        code = invitation.stakeholder.code
        stakeholder_language_set(
            stakeholder=invitation.stakeholder, language=chosen, by=None, actor_label=f"participant {code}"
        )
    return response


def invitation_reply_done(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_from_token(token=token)
    if (refusal := _invalid(request, invitation)) is not None or invitation is None:
        return refusal or HttpResponse(status=400)
    context = {"link_project": invitation.workshop.project, "invitation": invitation, "token": token}
    return render(request, "workshops/public/invitation_reply_done.html", context)
