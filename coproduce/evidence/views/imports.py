"""Importing a file: upload (any format), then for spreadsheets a column-mapping step.

A file over `IMPORT_IN_BACKGROUND_BYTES` is imported by a job, and the page goes on to the job's page; a
smaller one is imported in the request. Both forms work as plain form posts. With JavaScript
(static/js/import-progress.js) they are sent in the background, and the page asks `import_progress_partial`
how far the import has got; such requests carry the `HX-Request` header, and are answered with an
`HX-Redirect` header in place of a redirect.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django_htmx.http import HttpResponseClientRedirect

from coproduce.evidence.forms import ColumnMappingForm, ImportUploadForm
from coproduce.evidence.importers import ImportProblem, decode_upload
from coproduce.evidence.importers.csv import csv_headings, guess_mapping
from coproduce.evidence.models import ImportBatch, ImportFormat
from coproduce.evidence.progress import import_progress_get, import_progress_reporter
from coproduce.evidence.selectors.duplicates import duplicate_candidate_count
from coproduce.evidence.selectors.references import pending_import_get
from coproduce.evidence.services.import_jobs import (
    import_in_background,
    pending_import_start,
    references_import_start,
)
from coproduce.evidence.services.imports import (
    pending_import_complete,
    pending_import_create,
    references_import,
)
from coproduce.jobs.models import Job
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from . import HtmxHttpRequest


def _go(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """A redirect; for a form sent in the background, a header telling the page where to go instead."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _imported(request: HtmxHttpRequest, project: Project, batch: ImportBatch) -> HttpResponse:
    possible = duplicate_candidate_count(project=project, batch=batch)
    messages.success(
        request,
        f"Imported {batch.records_created} new records from {batch.filename}; "
        f"{batch.duplicates_merged} exact duplicates were merged; {possible} possible duplicates to check. "
        f"{batch.encoding_note}".strip(),
    )
    url = reverse("evidence:reference_list", kwargs={"project_id": project.public_id})
    return _go(request, f"{url}?batch={batch.public_id}")


def _job_page(request: HtmxHttpRequest, job: Job) -> HttpResponse:
    assert job.project is not None  # noqa: S101 an import always belongs to a project
    kwargs = {"project_id": job.project.public_id, "job_id": job.public_id}
    return _go(request, reverse("jobs:job_detail", kwargs=kwargs))


@login_required
def import_upload(request: HtmxHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    post = request.method == "POST"
    form = ImportUploadForm(request.POST if post else None, request.FILES if post else None, project=project)
    problem = None
    if post and form.is_valid():
        data, user = form.cleaned_data, signed_in_user(request)
        if data["format"] == ImportFormat.CSV:
            pending = pending_import_create(
                project=project, search=data["search"], filename=data["filename"], fmt=ImportFormat.CSV,
                raw=data["raw"], by=user,
            )  # fmt: skip
            kwargs = {"project_id": project_id, "pending_id": pending.public_id}
            return _go(request, reverse("evidence:import_map", kwargs=kwargs))
        if import_in_background(size=len(data["raw"])):
            job = references_import_start(
                project=project, search=data["search"], filename=data["filename"], fmt=data["format"],
                raw=data["raw"], by=user,
            )  # fmt: skip
            return _job_page(request, job)
        progress = import_progress_reporter(project=project, token=data["progress_token"])
        try:
            batch = references_import(
                project=project, search=data["search"], filename=data["filename"], fmt=data["format"],
                text=data["text"], by=user, progress=progress, encoding=data["encoding"],
            )  # fmt: skip
        except ImportProblem as error:
            problem = str(error)
        else:
            return _imported(request, project, batch)
    context = {"project": project, "form": form, "problem": problem}
    return render(request, "evidence/import_upload.html", context, status=400 if problem else 200)


@login_required
def import_map(request: HtmxHttpRequest, project_id: uuid.UUID, pending_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    pending = pending_import_get(project=project, public_id=pending_id)
    problem = None
    try:
        uploaded = decode_upload(bytes(pending.raw))
        text, encoding, note = uploaded.text, uploaded.assumed_encoding, uploaded.encoding_note
        headings = csv_headings(text)
    except ImportProblem as error:
        text, encoding, note, headings, problem = "", "", "", [], str(error)
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None, headings=headings, guesses=guess_mapping(headings)
    )
    if request.method == "POST" and headings and form.is_valid():
        try:
            if import_in_background(size=len(pending.raw)):
                job = pending_import_start(
                    pending=pending, mapping=form.mapping(), by=signed_in_user(request)
                )
                return _job_page(request, job)
            progress = import_progress_reporter(project=project, token=form.cleaned_data["progress_token"])
            batch = pending_import_complete(
                pending=pending,
                text=text,
                mapping=form.mapping(),
                by=signed_in_user(request),
                progress=progress,
                encoding=encoding,
            )
        except (ImportProblem, ValidationError) as error:
            problem = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        else:
            return _imported(request, project, batch)
    context = {
        "project": project, "form": form, "pending": pending, "problem": problem, "headings": headings,
        "encoding_note": note,
    }  # fmt: skip
    return render(request, "evidence/import_map.html", context, status=400 if problem else 200)


@never_cache
@login_required
def import_progress_partial(request: HttpRequest, project_id: uuid.UUID, token: str) -> JsonResponse:
    """How far the import sent with `token` has got: stage, done, total, percent and a sentence."""
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    return JsonResponse(import_progress_get(project=project, token=token).as_dict())
