"""CSV uploads: an area dataset, and a file of budget lines. A file with a problem imports nothing."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from coproduce.context.forms import (
    BoundaryUploadForm,
    BudgetImportForm,
    BudgetMappingForm,
    DatasetUploadForm,
    budget_upload_carried,
)
from coproduce.context.forms.uploads import UPLOAD_AGAIN
from coproduce.context.services import boundaries, budget, datasets
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

DATASET_FIELDS = ("title", "area_type", "measure", "unit", "source_title", "source_url", "source_note")


@login_required
def dataset_upload(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = DatasetUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DATASET_FIELDS}
        dataset = datasets.area_dataset_create(
            project=project, by=signed_in_user(request), rows=form.rows(), **fields
        )
        messages.success(request, f"{len(form.rows())} areas have been imported")
        return redirect("context:dataset_detail", project_id=project_id, dataset_id=dataset.public_id)
    return render(request, "context/dataset_upload.html", {"project": project, "form": form})


@login_required
def budget_import(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Two steps on one address: the file, then which column holds what (the file travels signed)."""
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    if request.method == "POST" and "upload" in request.POST:
        return _budget_map(request, project)
    form = BudgetImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mapping = BudgetMappingForm(upload=data["carried"], text=data["text"], filename=data["file"].name)
        return _budget_map_page(request, project, mapping)
    return render(request, "context/budget_import.html", {"project": project, "form": form})


def _budget_map(request: HttpRequest, project: Project) -> HttpResponse:
    carried = budget_upload_carried(request.POST["upload"])
    if carried is None:
        messages.error(request, UPLOAD_AGAIN)
        return redirect("context:budget_import", project_id=project.public_id)
    filename, text = carried
    form = BudgetMappingForm(request.POST, upload=request.POST["upload"], text=text, filename=filename)
    if not form.is_valid():
        return _budget_map_page(request, project, form)
    result = budget.budget_lines_import(
        project=project, by=signed_in_user(request), rows=form.rows(), filename=filename
    )
    left_out = f"; {result.already_there} were in the dossier already" if result.already_there else ""
    messages.success(request, f"{result.added} budget lines have been imported{left_out}")
    return redirect("context:dossier", project_id=project.public_id)


def _budget_map_page(request: HttpRequest, project: Project, form: BudgetMappingForm) -> HttpResponse:
    context = {"project": project, "form": form, "filename": form.filename}
    return render(request, "context/budget_import_map.html", context, status=400 if form.errors else 200)


@login_required
def boundary_upload(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Area outlines for the maps; they replace the project's."""
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = BoundaryUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            count = boundaries.area_boundaries_replace(
                project=project,
                by=signed_in_user(request),
                shapes=form.cleaned_data["shapes"],
                source_title=form.cleaned_data["source_title"],
            )
        except ValidationError as error:
            form.add_error("file", f"Nothing was changed. {' '.join(error.messages)}")
        else:
            messages.success(request, f"The boundaries of {count} areas have been saved")
            return redirect(f"{reverse('context:dossier', kwargs={'project_id': project_id})}#areas")
    return render(request, "context/boundary_upload.html", {"project": project, "form": form})
