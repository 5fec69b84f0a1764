"""Organisations: list, add, view, edit."""

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

from .. import selectors, services
from ..forms import OrganisationFilterForm, OrganisationForm


@login_required
def organisation_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    form = OrganisationFilterForm(request.GET)
    filters = form.filters()
    organisations = selectors.organisation_list(
        project=project, sector=filters["sector"], search=filters["search"]
    )
    context = {
        "project": project,
        "form": form,
        "organisations": organisations,
        "filtered": any(filters.values()),
        "import_job": selectors.register_import_active(project=project),
    }
    return render(request, "people/organisation_list.html", context)


@login_required
def organisation_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_PEOPLE)
    form = OrganisationForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                project=project, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{organisation.name} has been added")
            return redirect(
                "people:organisation_detail", project_id=project_id, organisation_id=organisation.public_id
            )
    context = {
        "project": project,
        "form": form,
        "wards": selectors.ward_list(project=project),
        "organisation": None,
    }
    return render(request, "people/organisation_form.html", context)


@login_required
def organisation_detail(
    request: HttpRequest, project_id: uuid.UUID, organisation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    organisation = selectors.organisation_get(project=project, public_id=organisation_id)
    people = selectors.stakeholder_list(project=project, organisation=organisation)
    context = {"project": project, "organisation": organisation, "people": people}
    return render(request, "people/organisation_detail.html", context)


@login_required
def organisation_edit(
    request: HttpRequest, project_id: uuid.UUID, organisation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_PEOPLE)
    organisation = selectors.organisation_get(project=project, public_id=organisation_id)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, project=project, instance=organisation
    )
    form_version_track(form, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{organisation.name} has been updated")
            return redirect(
                "people:organisation_detail", project_id=project_id, organisation_id=organisation_id
            )
    context = {
        "project": project,
        "form": form,
        "wards": selectors.ward_list(project=project),
        "organisation": organisation,
    }
    return render(request, "people/organisation_form.html", context)
