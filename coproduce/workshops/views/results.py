"""Results pages: a workshop's results, the series side by side, the summary for the report, and carrying
an activity's statements or clusters into a later workshop."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from coproduce.projects.access import access_project
from coproduce.projects.views.common import signed_in_user

from ..forms.results import CarryForm
from ..selectors.core import activity_get, series_get, workshop_get
from ..selectors.results import series_results, workshop_results
from ..services.carry import CARRIED_KINDS, activity_carry_forward


@login_required
@require_GET
def workshop_results_page(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need="view_project")
    results = workshop_results(workshop=workshop_get(project=project, public_id=workshop_id))
    context = {
        "project": project,
        "workshop": results.workshop,
        "results": results,
        "carry_kinds": [str(k) for k in CARRIED_KINDS],
        "can_plan": bool(project.viewer_role and project.viewer_role.can_plan_workshops()),
        "carry_form": CarryForm(targets=results.carry_targets),
    }
    return render(request, "workshops/results.html", context)


@login_required
@require_GET
def series_results_page(request: HttpRequest, project_id: uuid.UUID, series_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need="view_project")
    results = series_results(series=series_get(project=project, public_id=series_id))
    context = {"project": project, "series": results.series, "results": results}
    return render(request, "workshops/series_results.html", context)


@login_required
@require_GET
def workshop_summary(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need="view_project")
    results = workshop_results(workshop=workshop_get(project=project, public_id=workshop_id))
    context = {"project": project, "workshop": results.workshop, "results": results}
    return render(request, "workshops/summary_section_page.html", context)


@login_required
@require_POST
def activity_carry(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need="plan_workshops")
    workshop = workshop_get(project=project, public_id=workshop_id)
    source = activity_get(workshop=workshop, public_id=activity_id)
    results = workshop_results(workshop=workshop)
    form = CarryForm(request.POST, targets=results.carry_targets)
    if form.is_valid():
        try:
            copy = activity_carry_forward(source=source, workshop=form.chosen(), by=signed_in_user(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{source.title}” has been added to {copy.workshop.title} as a draft")
            return redirect(
                "workshops:workshop_detail", project_id=project_id, workshop_id=copy.workshop.public_id
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("workshops:workshop_results", project_id=project_id, workshop_id=workshop_id)
