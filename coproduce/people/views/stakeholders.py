"""People: the register (with HTMX-updated results), add, view with history, edit, change status."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import selectors, services
from ..forms import StakeholderFilterForm, StakeholderForm, StatusChangeForm
from ..models import Stakeholder
from . import HtmxHttpRequest

PAGE_SIZE = 25


def _sees_personal_data(project: Project) -> bool:
    return bool(project.viewer_role and project.viewer_role.can_view_personal_data())


@login_required
def stakeholder_list(request: HtmxHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    names = _sees_personal_data(project)
    interests = [i.name for i in selectors.interest_list(project=project)]
    form = StakeholderFilterForm(request.GET, interests=interests, search_names=names)
    filters = form.filters()
    people = selectors.stakeholder_list(
        project=project,
        search=filters["search"],
        search_names=names,
        sector=filters["sector"],
        status=filters["status"],
        interest=filters["interest"],
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"project": project, "form": form, "page": page, "filtered": any(filters.values())}
    if not request.htmx:
        context["import_job"] = selectors.register_import_active(project=project)
    template = "people/stakeholder_list.html" + ("#rows" if request.htmx else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # the same URL answers a page or a fragment
    return response


@login_required
def stakeholder_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_PEOPLE)
    form = StakeholderForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.stakeholder_create(
                project=project, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The person has been added as {person.code}")
            return redirect("people:stakeholder_detail", project_id=project_id, code=person.code)
    return render(request, "people/stakeholder_form.html", {"project": project, "form": form, "person": None})


def _detail(
    request: HttpRequest, project: Project, person: Stakeholder, form: StatusChangeForm
) -> HttpResponse:
    context = {
        "project": project,
        "person": person,
        "events": selectors.recruitment_event_list(stakeholder=person),
        "status_form": form,
    }
    return render(request, "people/stakeholder_detail.html", context, status=400 if form.errors else 200)


@login_required
def stakeholder_detail(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    person = selectors.stakeholder_get(project=project, code=code)
    return _detail(request, project, person, StatusChangeForm(stakeholder=person))


@login_required
def stakeholder_edit(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_PEOPLE)
    person = selectors.stakeholder_get(project=project, code=code)
    form = StakeholderForm(
        request.POST if request.method == "POST" else None, project=project, instance=person
    )
    form_version_track(form, person)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(stakeholder=person, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{person.code} has been updated")
            return redirect("people:stakeholder_detail", project_id=project_id, code=code)
    return render(
        request, "people/stakeholder_form.html", {"project": project, "form": form, "person": person}
    )


@login_required
@require_POST
def stakeholder_status_update(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_PEOPLE)
    person = selectors.stakeholder_get(project=project, code=code)
    form = StatusChangeForm(request.POST, stakeholder=person)
    if form.is_valid():
        try:
            event = services.stakeholder_set_status(
                stakeholder=person, by=signed_in_user(request), **form.cleaned_data
            )
        except services.TransitionNotAllowed as error:
            form.add_error("to_status", error)
        else:
            messages.success(request, f"{person.code} is now {event.get_to_status_display().lower()}")
            return redirect("people:stakeholder_detail", project_id=project_id, code=code)
    return _detail(request, project, person, form)
