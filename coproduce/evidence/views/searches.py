"""The search log: list, add, change."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.evidence.forms import SearchForm
from coproduce.evidence.selectors import searches as selectors
from coproduce.evidence.services import searches as services
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user


@login_required
def search_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    context = {"project": project, "searches": selectors.search_list(project=project)}
    return render(request, "evidence/search_list.html", context)


@login_required
def search_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = SearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        search = services.search_create(project=project, by=signed_in_user(request), **form.cleaned_data)
        messages.success(request, f"The search of {search.source} has been added to the log")
        return redirect("evidence:search_list", project_id=project_id)
    return render(request, "evidence/search_form.html", {"project": project, "form": form, "search": None})


@login_required
def search_edit(request: HttpRequest, project_id: uuid.UUID, search_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    search = selectors.search_get(project=project, public_id=search_id)
    form = SearchForm(request.POST if request.method == "POST" else None, instance=search)
    form_version_track(form, search)
    if request.method == "POST" and form.is_valid():
        try:
            services.search_update(search=search, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"The search of {search.source} has been updated")
            return redirect("evidence:search_list", project_id=project_id)
    return render(request, "evidence/search_form.html", {"project": project, "form": form, "search": search})
