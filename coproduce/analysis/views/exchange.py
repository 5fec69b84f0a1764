"""Exchange with other tools: download the codebook (CSV, DOCX, REFI .qdc) or the whole project (.qdpx),
and import a REFI-QDA codebook or project: a job imports it, and its page links on to the import's report."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from coproduce.core.downloads import attachment_response
from coproduce.core.services import audit_record
from coproduce.interviews.selectors.redactions import transcripts_unfinished_count
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import refi_qda as refi
from ..codebook_exports import codebook_csv as csv_bytes
from ..codebook_exports import codebook_docx as docx_bytes
from ..forms.codebook import ExchangeImportForm
from ..selectors.codebook import code_list
from ..selectors.exchange import codebook_to_refi, exchange_import_get, project_to_refi
from ..services.exchange_jobs import exchange_import_start

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(project: Project, content: bytes, suffix: str, content_type: str) -> HttpResponse:
    name = f"{slugify(project.title)[:60] or 'project'}-{suffix}"
    return attachment_response(content, filename=name, content_type=content_type)


@login_required
def exchange(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    context = {
        "project": project,
        "form": ExchangeImportForm(),
        "has_codes": code_list(project=project).exists(),
        "unfinished": transcripts_unfinished_count(project=project),
    }
    return render(request, "analysis/exchange.html", context)


@login_required
def codebook_csv(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    return _download(project, csv_bytes(project=project), "codebook.csv", "text/csv; charset=utf-8")


@login_required
def codebook_docx(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    return _download(project, docx_bytes(project=project), "codebook.docx", DOCX)


@login_required
def codebook_qdc(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    codes = codebook_to_refi(codes=code_list(project=project))
    if not codes:
        messages.error(request, "The codebook has no codes to download yet")
        return redirect("analysis:exchange", project_id=project_id)
    return _download(project, refi.write_qdc(codes), "codebook.qdc", "application/xml")


@login_required
def project_qdpx(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    content = refi.write_qdpx(project_to_refi(project=project))
    audit_record(
        action="analysis.exchange.project_exported", by=signed_in_user(request), project_id=project.pk
    )
    return _download(project, content, "project.qdpx", "application/zip")


@login_required
def exchange_import(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    form = (
        ExchangeImportForm(request.POST, request.FILES) if request.method == "POST" else ExchangeImportForm()
    )
    if request.method == "POST" and form.is_valid():
        job = exchange_import_start(
            project=project, by=signed_in_user(request), filename=form.cleaned_data["file"].name,
            data=form.cleaned_data["data"], add_missing=form.cleaned_data["add_missing"],
        )  # fmt: skip
        return redirect("jobs:job_detail", project_id=project_id, job_id=job.public_id)
    return render(request, "analysis/exchange_import.html", {"project": project, "form": form})


@login_required
def exchange_report(request: HttpRequest, project_id: uuid.UUID, import_id: uuid.UUID) -> HttpResponse:
    """What a finished import of a REFI-QDA file did (its job's page links here)."""
    project = access_project(request.user, project_id, need=Need.CODE)
    record = exchange_import_get(project=project, public_id=import_id)
    return render(request, "analysis/exchange_report.html", {"project": project, "report": record.report})
