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

from ..forms.recommendations import RoundForm
from ..models import EndorsementInvite, EndorsementRound
from ..selectors.endorsement import endorsement_eligible, endorsement_results, endorsement_token
from ..services import endorsement as services


def _round(project: Project, round_id: uuid.UUID) -> EndorsementRound:
    found = EndorsementRound.objects.filter(project=project, public_id=round_id).first()
    if found is None:
        raise Http404("No such round.")
    return found


def _link(request: HttpRequest, invite: EndorsementInvite) -> str:
    path = reverse("endorsement_public:endorsement_open", kwargs={"token": endorsement_token(invite=invite)})
    return request.build_absolute_uri(path)


@login_required
def round_open(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    form = RoundForm(
        request.POST if request.method == "POST" else None, eligible=endorsement_eligible(project=project)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        end_of_day = datetime.datetime.combine(
            data["closes_on"], datetime.time(23, 59), tzinfo=timezone.get_current_timezone()
        )

        def link_for(invite: EndorsementInvite) -> str:
            return request.build_absolute_uri(
                reverse(
                    "endorsement_public:endorsement_open", kwargs={"token": endorsement_token(invite=invite)}
                )
            )

        try:
            round_ = services.endorsement_round_open(
                project=project, by=signed_in_user(request), title=data["title"], message=data["message"],
                closes_at=end_of_day, people=list(data["people"]),
                link_for=lambda invite: _link(request, invite),
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"The round is open: {round_.invites.count()} people asked")
            return redirect("recommendations:round_detail", project_id=project_id, round_id=round_.public_id)
    return render(request, "recommendations/round_form.html", {"project": project, "form": form})


@login_required
def round_detail(request: HttpRequest, project_id: uuid.UUID, round_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    round_ = _round(project, round_id)
    invites = round_.invites.select_related("stakeholder__organisation")
    context = {
        "project": project,
        "round": round_,
        "results": endorsement_results(round_=round_),
        "invites": invites,
        "is_open": round_.is_open,
    }
    return render(request, "recommendations/round_detail.html", context)


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
