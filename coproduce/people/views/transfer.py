"""Import from CSV, the CSV templates, and downloads (CSV or Excel).

A file of more rows than `REGISTER_IMPORT_IN_BACKGROUND_ROWS` is imported by a job once its header line is
checked, and the page goes on to the job's page; a smaller one is imported in the request.
"""

import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.accounts.models import User
from coproduce.core.downloads import attachment_response, download_response
from coproduce.jobs.models import Job
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import csv_import, exports
from ..csv_import import ImportResult
from ..forms import ExportForm, ImportForm
from ..services.imports import import_in_background, register_import_start

IMPORTERS = {
    "organisations": csv_import.organisations_import_csv,
    "people": csv_import.stakeholders_import_csv,
}


@login_required
def import_upload(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_PEOPLE)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    result = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        result = _import_or_start(project, kind, form.cleaned_data["file"], signed_in_user(request))
        if isinstance(result, Job):
            return redirect("jobs:job_detail", project_id=project_id, job_id=result.public_id)
        if result.ok:
            messages.success(request, result.summary)
            target = "people:organisation_list" if kind == "organisations" else "people:stakeholder_list"
            return redirect(target, project_id=project_id)
    context = {"project": project, "form": form, "result": result, "columns": csv_import.COLUMNS}
    return render(request, "people/import_upload.html", context)


def _import_or_start(
    project: Project, kind: str, upload: UploadedFile[bytes], user: User
) -> ImportResult | Job:
    """Import a readable file in the request, or start the job importing a large one."""
    raw = upload.read()
    try:
        rows = csv_import.rows_count(kind=kind, file=io.BytesIO(raw))
    except csv_import.FileProblem as problem:
        return ImportResult(kind=kind, file_errors=[str(problem)])
    if import_in_background(rows=rows):
        return register_import_start(project=project, kind=kind, filename=str(upload.name), raw=raw, by=user)
    return IMPORTERS[kind](project=project, file=io.BytesIO(raw), by=user)


@login_required
def import_template(request: HttpRequest, project_id: uuid.UUID, kind: str) -> HttpResponse:
    access_project(request.user, project_id, need=Need.MANAGE_PEOPLE)
    if kind not in csv_import.COLUMNS:
        raise Http404("No such template.")
    content = csv_import.template_csv(kind=kind)
    return attachment_response(
        content, filename=f"{kind}-template.csv", content_type="text/csv; charset=utf-8"
    )


@login_required
def export(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "people/export.html", {"project": project})
    what, file_format, personal = (form.cleaned_data[k] for k in ("what", "format", "personal"))
    user = signed_in_user(request)
    if what == "organisations":
        download = exports.organisations_export(project=project, by=user, file_format=file_format)
    else:
        if personal:
            access_project(request.user, project_id, need=Need.EXPORT_PERSONAL_DATA)
        download = exports.people_export(project=project, by=user, file_format=file_format, personal=personal)
    return download_response(download)
