"""Setting up extraction forms and their questions."""

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

from ..defaults import GOOD_PRACTICE_DESCRIPTION, GOOD_PRACTICE_NAME
from ..forms import ExtractionFormCreateForm, ExtractionFormForm, FieldCreateForm, FieldEditForm
from ..selectors.records import extraction_field_get, extraction_form_get, extraction_form_list
from ..services import forms as services


@login_required
def form_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    forms = extraction_form_list(project=project)
    return render(request, "extraction/form_list.html", {"project": project, "forms": forms})


@login_required
def form_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    first = not extraction_form_list(project=project).exists()
    initial = {"name": GOOD_PRACTICE_NAME, "description": GOOD_PRACTICE_DESCRIPTION} if first else {}
    form = ExtractionFormCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.extraction_form_create(
                project=project, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"The form “{created.name}” has been created")
            return redirect(created.get_absolute_url())
    return render(request, "extraction/form_create.html", {"project": project, "form": form})


@login_required
def form_detail(request: HttpRequest, project_id: uuid.UUID, extraction_form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    context = {"project": project, "extraction_form": extraction_form, "fields": extraction_form.fields.all()}
    return render(request, "extraction/form_detail.html", context)


@login_required
def form_edit(request: HttpRequest, project_id: uuid.UUID, extraction_form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    initial = {"name": extraction_form.name, "description": extraction_form.description}
    form = ExtractionFormForm(request.POST if request.method == "POST" else None, initial=initial)
    form_version_track(form, extraction_form)
    if request.method == "POST" and form.is_valid():
        try:
            services.extraction_form_update(
                form=extraction_form, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The form has been updated")
            return redirect(extraction_form.get_absolute_url())
    context = {"project": project, "form": form, "extraction_form": extraction_form}
    return render(request, "extraction/form_edit.html", context)


@login_required
def field_create(request: HttpRequest, project_id: uuid.UUID, extraction_form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    form = FieldCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extraction_field_create(
                form=extraction_form, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The question has been added")
            return redirect(extraction_form.get_absolute_url())
    context = {"project": project, "form": form, "extraction_form": extraction_form, "field": None}
    return render(request, "extraction/field_form.html", context)


@login_required
def field_edit(
    request: HttpRequest, project_id: uuid.UUID, extraction_form_id: uuid.UUID, question_id: int
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    field = extraction_field_get(form=extraction_form, pk=question_id)
    form = FieldEditForm(request.POST if request.method == "POST" else None, field=field)
    form_version_track(form, field)
    if request.method == "POST" and form.is_valid():
        try:
            services.extraction_field_update(field=field, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The question has been updated")
            return redirect(extraction_form.get_absolute_url())
    context = {"project": project, "form": form, "extraction_form": extraction_form, "field": field}
    return render(request, "extraction/field_form.html", context)


@require_POST
@login_required
def field_move(
    request: HttpRequest, project_id: uuid.UUID, extraction_form_id: uuid.UUID, question_id: int
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    field = extraction_field_get(form=extraction_form, pk=question_id)
    services.extraction_field_move(
        field=field, by=signed_in_user(request), up=request.POST.get("direction") == "up"
    )
    return redirect(f"{extraction_form.get_absolute_url()}#field-{field.pk}")


@require_POST
@login_required
def field_delete(
    request: HttpRequest, project_id: uuid.UUID, extraction_form_id: uuid.UUID, question_id: int
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    field = extraction_field_get(form=extraction_form, pk=question_id)
    try:
        services.extraction_field_delete(field=field, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The question “{field.label}” has been removed")
    return redirect(extraction_form.get_absolute_url())
