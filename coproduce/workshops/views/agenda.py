"""The agenda pages of a workshop: add, change, move and delete activities."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.planning import ActivityForm, KindForm
from ..models import Activity, ActivityKind, Workshop
from ..selectors.core import activity_get, workshop_get
from ..selectors.planning import activity_delete_refusal, activity_in_use, idea_boards
from ..services import agenda as services


def _activity_form(
    request: HttpRequest, workshop: Workshop, kind: str, activity: Activity | None
) -> tuple[ActivityForm, bool]:
    """The form, and whether the service saved it."""
    data = request.POST if request.method == "POST" else None
    boards = list(idea_boards(workshop=workshop))
    form = ActivityForm(data, kind=kind, boards=boards, activity=activity)
    if activity is not None:
        form_version_track(form, activity)
    if request.method != "POST" or not form.is_valid():
        return form, False
    by = signed_in_user(request)
    try:
        if activity is None:
            services.activity_create(workshop=workshop, by=by, kind=kind, settings=form.settings())
        else:
            services.activity_update(
                activity=activity, by=by, settings=form.settings(), version=form.cleaned_data["version"]
            )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return form, False
    return form, True


@login_required
def activity_create(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    """Without a kind, ask which kind of activity to add; with one, its settings."""
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    kind = request.GET.get("kind", "")
    if kind not in ActivityKind.values:
        kind_form = KindForm(request.GET if "kind" in request.GET else None)
        kind_form.is_valid()
        context = {"project": project, "workshop": workshop, "form": kind_form}
        return render(request, "workshops/activity_form_kind.html", context)
    form, saved = _activity_form(request, workshop, kind, None)
    if saved:
        messages.success(request, "The activity has been added to the agenda")
        return redirect(workshop.get_absolute_url())
    context = {"project": project, "workshop": workshop, "form": form, "kind": ActivityKind(kind)}
    return render(request, "workshops/activity_form.html", context, status=400 if form.errors else 200)


@login_required
def activity_update(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    activity = activity_get(workshop=workshop, public_id=activity_id)
    form, saved = _activity_form(request, workshop, activity.kind, activity)
    if saved:
        messages.success(request, "The activity has been saved")
        return redirect(workshop.get_absolute_url())
    context = {
        "project": project,
        "workshop": workshop,
        "form": form,
        "kind": ActivityKind(activity.kind),
        "activity": activity,
        "in_use": activity_in_use(activity),
    }
    return render(request, "workshops/activity_form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def activity_move(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    activity = activity_get(workshop=workshop, public_id=activity_id)
    try:
        services.activity_move(
            activity=activity, by=signed_in_user(request), direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{workshop.get_absolute_url()}#agenda")


@login_required
def activity_delete(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.PLAN_WORKSHOPS)
    workshop = workshop_get(project=project, public_id=workshop_id)
    activity = activity_get(workshop=workshop, public_id=activity_id)
    error = activity_delete_refusal(activity)
    if request.method == "POST" and not error:
        try:
            services.activity_delete(activity=activity, by=signed_in_user(request))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, "The activity has been deleted")
            return redirect(workshop.get_absolute_url())
    context = {"project": project, "workshop": workshop, "activity": activity, "error": error}
    status = 400 if error and request.method == "POST" else 200
    return render(request, "workshops/workshop_activity_delete.html", context, status=status)
