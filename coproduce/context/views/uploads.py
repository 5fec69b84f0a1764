"""CSV uploads: an area dataset, and a file of budget lines. A file with a problem imports nothing."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.context.forms import BudgetImportForm, DatasetUploadForm
from coproduce.context.services import budget, datasets
from coproduce.projects.access import access_project
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
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = BudgetImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        added = budget.budget_lines_import(
            project=project,
            by=signed_in_user(request),
            rows=form.rows(),
            filename=form.cleaned_data["file"].name,
        )
        messages.success(request, f"{added} budget lines have been imported")
        return redirect("context:dossier", project_id=project_id)
    return render(request, "context/budget_import.html", {"project": project, "form": form})
