"""Timeline events and budget lines, added or changed by hand."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.context.forms import BudgetLineForm, TimelineEventForm
from coproduce.context.selectors import dossier as selectors
from coproduce.context.services import budget, timeline
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user


@login_required
def timeline_event_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = TimelineEventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        timeline.timeline_event_create(project=project, by=signed_in_user(request), **form.cleaned_data)
        messages.success(request, "The event has been added to the timeline")
        return redirect("context:dossier", project_id=project_id)
    return render(
        request, "context/timeline_event_form.html", {"project": project, "form": form, "event": None}
    )


@login_required
def timeline_event_edit(request: HttpRequest, project_id: uuid.UUID, event_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    event = selectors.timeline_event_get(project=project, public_id=event_id)
    form = TimelineEventForm(request.POST if request.method == "POST" else None, instance=event)
    form_version_track(form, event)
    if request.method == "POST" and form.is_valid():
        try:
            timeline.timeline_event_update(event=event, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The event has been updated")
            return redirect("context:dossier", project_id=project_id)
    return render(
        request, "context/timeline_event_form.html", {"project": project, "form": form, "event": event}
    )


@login_required
def budget_line_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = BudgetLineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        budget.budget_line_create(project=project, by=signed_in_user(request), **form.cleaned_data)
        messages.success(request, "The budget line has been added")
        return redirect("context:dossier", project_id=project_id)
    return render(request, "context/budget_line_form.html", {"project": project, "form": form, "line": None})


@login_required
def budget_line_edit(request: HttpRequest, project_id: uuid.UUID, line_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    line = selectors.budget_line_get(project=project, public_id=line_id)
    form = BudgetLineForm(request.POST if request.method == "POST" else None, instance=line)
    form_version_track(form, line)
    if request.method == "POST" and form.is_valid():
        try:
            budget.budget_line_update(line=line, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The budget line has been updated")
            return redirect("context:dossier", project_id=project_id)
    return render(request, "context/budget_line_form.html", {"project": project, "form": form, "line": line})
