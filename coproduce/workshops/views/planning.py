"""Planning pages: workshop series (the app's landing page), and the workshops in them."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.planning import SeriesForm, WorkshopForm
from ..models import WorkshopSeries, WorkshopStatus
from ..selectors.core import series_get, workshop_get
from ..selectors.planning import agenda, area_choices, facilitator_choices, series_rows, workshop_rows
from ..services import planning as services


@login_required
def series_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    context = {"project": project, "series_list": series_rows(project=project)}
    return render(request, "workshops/series_list.html", context)


def _series_form(request: HttpRequest, project_id: uuid.UUID, series_id: uuid.UUID | None) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    series = series_get(project=project, public_id=series_id) if series_id else None
    chosen, others = area_choices(project=project)
    data = request.POST if request.method == "POST" else None
    form = SeriesForm(data, chosen=chosen, others=others, series=series)
    if series is not None:
        form_version_track(form, series)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            if series is None:
                series = services.series_create(project=project, by=signed_in_user(request), **values)
            else:
                services.series_update(series=series, by=signed_in_user(request), **values)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The series has been saved")
            return redirect("workshops:series_detail", project_id=project_id, series_id=series.public_id)
    context = {"project": project, "form": form, "series": series}
    return render(request, "workshops/series_form.html", context, status=400 if form.errors else 200)


@login_required
def series_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    return _series_form(request, project_id, None)


@login_required
def series_edit(request: HttpRequest, project_id: uuid.UUID, series_id: uuid.UUID) -> HttpResponse:
    return _series_form(request, project_id, series_id)


@login_required
def series_detail(request: HttpRequest, project_id: uuid.UUID, series_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    series = series_get(project=project, public_id=series_id)
    context = {"project": project, "series": series, "workshops": workshop_rows(series=series)}
    return render(request, "workshops/series_detail.html", context)


def _workshop_form(
    request: HttpRequest, project_id: uuid.UUID, series: WorkshopSeries | None, workshop_id: uuid.UUID | None
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id) if workshop_id else None
    series = series or (workshop.series if workshop else None)
    data = request.POST if request.method == "POST" else None
    form = WorkshopForm(data, facilitators=facilitator_choices(project=project), workshop=workshop)
    if workshop is not None:
        form_version_track(form, workshop)
    if request.method == "POST" and form.is_valid():
        values = {**form.cleaned_data, "facilitators": list(form.cleaned_data["facilitators"])}
        try:
            if workshop is None:
                assert series is not None  # noqa: S101 narrows the type; never false when the code is right
                workshop = services.workshop_create(series=series, by=signed_in_user(request), **values)
            else:
                services.workshop_update(workshop=workshop, by=signed_in_user(request), **values)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The workshop has been saved")
            return redirect(workshop.get_absolute_url())
    context = {"project": project, "form": form, "series": series, "workshop": workshop}
    return render(request, "workshops/workshop_form.html", context, status=400 if form.errors else 200)


@login_required
def workshop_create(request: HttpRequest, project_id: uuid.UUID, series_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    return _workshop_form(request, project_id, series_get(project=project, public_id=series_id), None)


@login_required
def workshop_edit(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    return _workshop_form(request, project_id, None, workshop_id)


@login_required
def workshop_detail(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    workshop = workshop_get(project=project, public_id=workshop_id)
    counts = workshop_rows(series=workshop.series).get(pk=workshop.pk)
    role = project.viewer_role
    context = {
        "project": project,
        "workshop": workshop,
        "counts": counts,
        "agenda": agenda(workshop=workshop),
        "facilitators": list(workshop.facilitators.order_by("full_name", "email")),
        "can_plan": bool(role and role.can_plan_workshops()),
        "can_facilitate": bool(role and role.can_facilitate()),
        "is_ended": workshop.status == WorkshopStatus.ENDED,
    }
    return render(request, "workshops/workshop_detail.html", context)


@login_required
def workshop_delete(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    error = ""
    if request.method == "POST":
        try:
            services.workshop_delete(workshop=workshop, by=signed_in_user(request))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, "The workshop has been deleted")
            return redirect(
                "workshops:series_detail", project_id=project_id, series_id=workshop.series.public_id
            )
    context = {"project": project, "workshop": workshop, "error": error}
    return render(request, "workshops/workshop_delete.html", context, status=400 if error else 200)
