"""Endorsement rounds: the team opens and closes a round and reads the results by sector."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.recommendations import RoundFilterForm, RoundForm
from ..models import EndorsementInvite, EndorsementRound
from ..selectors.endorsement import (
    endorsement_eligible,
    endorsement_results,
    endorsement_token,
    invitee_choices,
    round_invite_list,
    round_response_by_sector,
)
from ..services import endorsement as services


def _round(project: Project, round_id: uuid.UUID) -> EndorsementRound:
    found = EndorsementRound.objects.filter(project=project, public_id=round_id).first()
    if found is None:
        raise Http404("No such round.")
    return found


def remind_message(done: services.Reminded) -> str:
    """What a reminder did, in a sentence or two."""
    said = [f"{len(done.sent)} {'person' if len(done.sent) == 1 else 'people'} reminded by email."]
    for codes, why in (
        (done.recently, "were reminded less than a day ago"),
        (done.no_email, "have no email address: pass their link on another way"),
        (done.no_consent, "no longer agree to be contacted again"),
    ):
        if codes:
            said.append(f"Not reminded: {', '.join(codes)}, who {why}.")
    return " ".join(said)


def _link(request: HttpRequest, invite: EndorsementInvite) -> str:
    path = reverse("endorsement_public:endorsement_open", kwargs={"token": endorsement_token(invite=invite)})
    return request.build_absolute_uri(path)


@login_required
def round_open(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    filters = RoundFilterForm(request.GET, choices=invitee_choices(project=project))
    eligible = endorsement_eligible(project=project, **filters.filters())
    narrowed = any(filters.chosen_by().values())
    initial = {"people": [c.person.pk for c in eligible]} if narrowed else {}
    form = RoundForm(request.POST if request.method == "POST" else None, eligible=eligible, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        end_of_day = datetime.datetime.combine(
            data["closes_on"], datetime.time(23, 59), tzinfo=timezone.get_current_timezone()
        )
        try:
            round_ = services.endorsement_round_open(
                project=project, by=signed_in_user(request), title=data["title"], message=data["message"],
                closes_at=end_of_day, people=list(data["people"]), chosen_by=filters.chosen_by(),
                link_for=lambda invite: _link(request, invite),
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"The round is open: {round_.invites.count()} people asked")
            return redirect("recommendations:round_detail", project_id=project_id, round_id=round_.public_id)
    context = {"project": project, "form": form, "filters": filters, "narrowed": narrowed}
    return render(request, "recommendations/round_form.html", context)


@login_required
def round_detail(request: HttpRequest, project_id: uuid.UUID, round_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    round_ = _round(project, round_id)
    invites = round_invite_list(round_=round_)
    answered = sum(1 for i in invites if i.responded_at)
    shows_links = bool(project.viewer_role and project.viewer_role.can_manage_recommendations())
    context = {
        "project": project,
        "round": round_,
        "results": endorsement_results(round_=round_),
        # A personal link is shown only to those who run the round, for people with no email address.
        "links": [(i, _link(request, i) if shows_links and not i.stakeholder.email else "") for i in invites],
        "answered": answered,
        "waiting": len(invites) - answered,
        "by_sector": round_response_by_sector(invites=invites),
        "is_open": round_.is_open,
    }
    return render(request, "recommendations/round_detail.html", context)


@login_required
@require_POST
def round_remind(request: HttpRequest, project_id: uuid.UUID, round_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    round_ = _round(project, round_id)
    try:
        done = services.endorsement_round_remind(
            round_=round_, by=signed_in_user(request), link_for=lambda invite: _link(request, invite)
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, remind_message(done))
    return redirect("recommendations:round_detail", project_id=project_id, round_id=round_id)


@login_required
@require_POST
def round_close(request: HttpRequest, project_id: uuid.UUID, round_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    round_ = _round(project, round_id)
    try:
        services.endorsement_round_close(round_=round_, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The round is closed. Revise the recommendations, then publish them.")
    return redirect("recommendations:round_detail", project_id=project_id, round_id=round_id)
