"""Importing a file: upload (any format), for spreadsheets a column-mapping step, then a preview.

The upload is kept (`PendingImport`) and nothing is written to the references until the preview's "Import
the N usable records": the preview says how many records will be imported and lists those that cannot be
used (no title, abstract or DOI); "Cancel" forgets the upload.

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

from coproduce.accounts.models import User
from coproduce.core.text_upload import UploadedText
from coproduce.evidence.forms import ColumnMappingForm, ImportConfirmForm, ImportUploadForm
from coproduce.evidence.importers import ImportProblem, ParsedFile, decode_upload, parse_usable
from coproduce.evidence.importers.csv import csv_headings, guess_mapping
from coproduce.evidence.models import ImportBatch, ImportFormat, PendingImport
from coproduce.evidence.progress import import_progress_get, import_progress_reporter
from coproduce.evidence.selectors.duplicates import duplicate_candidate_count
from coproduce.evidence.selectors.references import pending_import_get
from coproduce.evidence.services.import_jobs import import_in_background, pending_import_start
from coproduce.evidence.services.imports import (
    pending_import_cancel,
    pending_import_complete,
    pending_import_create,
    pending_import_map,
)
from coproduce.jobs.models import Job
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from . import HtmxHttpRequest

SHOWN = 100  # unusable records listed on the preview; the rest are counted


def _go(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """A redirect; for a form sent in the background, a header telling the page where to go instead."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _imported(request: HtmxHttpRequest, project: Project, batch: ImportBatch) -> HttpResponse:
    possible = duplicate_candidate_count(project=project, batch=batch)
    messages.success(
        request,
        f"Imported {batch.records_created} new records from {batch.filename}; "
        f"{batch.duplicates_merged} exact duplicates were merged; {possible} possible duplicates to check. "
        f"{batch.skipped_note} {batch.encoding_note}".strip(),
    )
    url = reverse("evidence:reference_list", kwargs={"project_id": project.public_id})
    return _go(request, f"{url}?batch={batch.public_id}")


def _job_page(request: HtmxHttpRequest, job: Job) -> HttpResponse:
    assert job.project is not None  # noqa: S101 an import always belongs to a project
    kwargs = {"project_id": job.project.public_id, "job_id": job.public_id}
    return _go(request, reverse("jobs:job_detail", kwargs=kwargs))


def _step(request: HtmxHttpRequest, name: str, project: Project, pending: PendingImport) -> HttpResponse:
    return _go(
        request, reverse(name, kwargs={"project_id": project.public_id, "pending_id": pending.public_id})
    )


@login_required
def import_upload(request: HtmxHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Keep the upload and go on to its preview (a spreadsheet goes to its columns first); a file that
    cannot be read, or holds no usable record, is refused here."""
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    post = request.method == "POST"
    form = ImportUploadForm(request.POST if post else None, request.FILES if post else None, project=project)
    problem = None
    if post and form.is_valid():
        data, csv = form.cleaned_data, form.cleaned_data["format"] == ImportFormat.CSV
        try:
            if not csv:
                parse_usable(fmt=data["format"], text=data["text"])
        except ImportProblem as error:
            problem = str(error)
        else:
            pending = pending_import_create(
                project=project, search=data["search"], filename=data["filename"], fmt=data["format"],
                raw=data["raw"], by=signed_in_user(request),
            )  # fmt: skip
            return _step(
                request, "evidence:import_map" if csv else "evidence:import_preview", project, pending
            )
    context = {"project": project, "form": form, "problem": problem}
    return render(request, "evidence/import_upload.html", context, status=400 if problem else 200)


@login_required
def import_map(request: HtmxHttpRequest, project_id: uuid.UUID, pending_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    pending = pending_import_get(project=project, public_id=pending_id)
    problem = None
    try:
        uploaded = decode_upload(bytes(pending.raw))
        text, note = uploaded.text, uploaded.encoding_note
        headings = csv_headings(text)
    except ImportProblem as error:
        text, note, headings, problem = "", "", [], str(error)
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        headings=headings,
        guesses=pending.mapping or guess_mapping(headings),
    )
    if request.method == "POST" and headings and form.is_valid():
        try:
            parse_usable(fmt=ImportFormat.CSV, text=text, mapping=form.mapping())
        except ImportProblem as error:
            problem = str(error)
        else:
            pending_import_map(pending=pending, mapping=form.mapping(), by=signed_in_user(request))
            return _step(request, "evidence:import_preview", project, pending)
    context = {
        "project": project, "form": form, "pending": pending, "problem": problem, "headings": headings,
        "encoding_note": note,
    }  # fmt: skip
    return render(request, "evidence/import_map.html", context, status=400 if problem else 200)


@login_required
def import_preview(request: HtmxHttpRequest, project_id: uuid.UUID, pending_id: uuid.UUID) -> HttpResponse:
    """How many records will be imported and which cannot be used; nothing is written until "Import"."""
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    pending = pending_import_get(project=project, public_id=pending_id)
    if pending.format == ImportFormat.CSV and pending.mapping is None:
        return _step(request, "evidence:import_map", project, pending)
    post, user = request.method == "POST", signed_in_user(request)
    if post and request.POST.get("action") == "cancel":
        pending_import_cancel(pending=pending, by=user)
        messages.info(request, f"Nothing was imported from {pending.filename}.")
        return _go(request, reverse("evidence:import_upload", kwargs={"project_id": project.public_id}))
    form, problem = ImportConfirmForm(request.POST if post else None), None
    if post and form.is_valid() and import_in_background(size=len(pending.raw)):
        try:  # the job reads the file again; the request only starts it
            return _job_page(request, pending_import_start(pending=pending, mapping=pending.mapping, by=user))
        except ValidationError as error:
            problem = " ".join(error.messages)
    try:
        uploaded = decode_upload(bytes(pending.raw))
        found: ParsedFile | None = parse_usable(
            fmt=pending.format, text=uploaded.text, mapping=pending.mapping
        )
    except ImportProblem as error:
        uploaded, found, problem = None, None, str(error)
    if post and problem is None and uploaded is not None and form.is_valid():
        try:
            return _imported(request, project, _import_now(pending, uploaded, user, form))
        except ImportProblem as error:
            problem = str(error)
    context = {
        "project": project, "pending": pending, "form": form, "found": found, "problem": problem,
        "shown": found.unusable[:SHOWN] if found else [],
        "encoding_note": uploaded.encoding_note if uploaded else "",
    }  # fmt: skip
    return render(request, "evidence/import_preview.html", context, status=400 if problem else 200)


def _import_now(
    pending: PendingImport, uploaded: UploadedText, user: User, form: ImportConfirmForm
) -> ImportBatch:
    """Import the previewed upload in the request, telling the page how far it has got."""
    return pending_import_complete(
        pending=pending, text=uploaded.text, mapping=pending.mapping, by=user,
        progress=import_progress_reporter(project=pending.project, token=form.cleaned_data["progress_token"]),
        encoding=uploaded.assumed_encoding,
    )  # fmt: skip


@never_cache
@login_required
def import_progress_partial(request: HttpRequest, project_id: uuid.UUID, token: str) -> JsonResponse:
    """How far the import sent with `token` has got: stage, done, total, percent and a sentence."""
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    return JsonResponse(import_progress_get(project=project, token=token).as_dict())
