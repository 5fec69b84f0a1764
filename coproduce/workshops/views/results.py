"""Results pages: a workshop's results, the series side by side, the summary for the report, and carrying
an activity's statements or clusters into a later workshop.

Pairwise scores and opinion groups are read as stored (services/snapshots.py): the page first asks for any
that are out of date, and a section whose result is still being worked out checks again every few seconds
(`?activity=`, the section alone) until it is ready."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.results import CarryForm
from ..models import Workshop
from ..selectors.core import activity_get, series_get, workshop_get
from ..selectors.results import activity_result, carry_targets, series_results, workshop_results
from ..services.carry import CARRIED_KINDS, activity_carry_forward
from ..services.snapshots import workshop_result_snapshots_refresh


def _activity_fragment(request: HttpRequest, project: Project, workshop: Workshop) -> HttpResponse | None:
    """One activity's section, for the page's check while its result is being worked out (`?activity=`)."""
    if not getattr(request, "htmx", False) or "activity" not in request.GET:
        return None
    try:
        activity = activity_get(workshop=workshop, public_id=uuid.UUID(request.GET["activity"]))
    except ValueError as error:
        raise Http404("No such activity.") from error
    context = {"project": project, "workshop": workshop, "item": activity_result(activity=activity)}
    return render(request, "workshops/results.html#activity", context)


@login_required
@require_GET
def workshop_results_page(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    workshop = workshop_get(project=project, public_id=workshop_id)
    workshop_result_snapshots_refresh(workshop=workshop)
    if (fragment := _activity_fragment(request, project, workshop)) is not None:
        return fragment
    results = workshop_results(workshop=workshop)
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
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    results = series_results(series=series_get(project=project, public_id=series_id))
    context = {"project": project, "series": results.series, "results": results}
    return render(request, "workshops/series_results.html", context)


@login_required
@require_GET
def workshop_summary(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    workshop = workshop_get(project=project, public_id=workshop_id)
    workshop_result_snapshots_refresh(workshop=workshop)
    results = workshop_results(workshop=workshop)
    context = {"project": project, "workshop": results.workshop, "results": results}
    return render(request, "workshops/summary_section_page.html", context)


@login_required
@require_POST
def activity_carry(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    source = activity_get(workshop=workshop, public_id=activity_id)
    form = CarryForm(request.POST, targets=carry_targets(workshop=workshop))
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
