"""The report: the page, writing its sections, its settings, and the HTML, DOCX and PDF downloads.

The page is the team's view (drafts shown and marked); the downloads are the public version, as they are
made to be shared (see `Audience`). The page's document is kept while the report is unchanged
(`selectors/page_document.py`). HTML is made in the request (it is quick); PDF and Word files are made by
the task worker (`tasks.py`) and downloaded from their job's page."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from coproduce.core.downloads import attachment_response
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.jobs.models import Job, JobStatus
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import services
from ..exports.builds import DOCX, FORMATS, PDF, ReportFormat
from ..exports.html_writer import report_html
from ..forms import ReportFileForm, ReportForm, SectionForm
from ..models import SectionKey
from ..selectors.document import report_document, report_for, report_narratives, report_section_get
from ..selectors.page_document import report_page_document


@login_required
def report_page(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    page = report_page_document(project=project)
    context = {
        "project": project,
        "document": page.document,
        "body": page.body,
        "checks": page.checks,
        "job_result_days": settings.JOB_RESULT_DAYS,
    }
    return render(request, "reports/report.html", context)


@login_required
def report_settings(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.WRITE_REPORT)
    report = report_for(project=project)
    initial = {"title": report.title, "subtitle": report.subtitle, "authors": report.authors}
    form = ReportForm(request.POST if request.method == "POST" else None, initial=initial)
    form_version_track(form, report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(project=project, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The report's details have been saved")
            return redirect("reports:report_page", project_id=project_id)
    return render(request, "reports/report_settings.html", {"project": project, "form": form})


@login_required
def section_edit(request: HttpRequest, project_id: uuid.UUID, section_key: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.WRITE_REPORT)
    if section_key not in SectionKey.values:
        raise Http404("No such section.")
    report = report_for(project=project)
    body = report_narratives(report=report).get(section_key, "")
    form = SectionForm(request.POST if request.method == "POST" else None, initial={"body": body})
    form_version_track(form, report_section_get(report=report, key=section_key))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_section_save(
                project=project, by=signed_in_user(request), key=section_key, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"“{SectionKey(section_key).label}” has been saved")
            return redirect(
                f"{reverse('reports:report_page', kwargs={'project_id': project_id})}#section-{section_key}"
            )
    context = {"project": project, "form": form, "section_title": SectionKey(section_key).label}
    return render(request, "reports/section_form.html", context)


def _say_reused(request: HttpRequest, job: Job) -> None:
    if job.is_active:
        messages.info(request, "This file is already being made from the report as it is now")
    else:
        messages.info(request, "The report has not changed since this file was made, so it is ready now")


@login_required
@require_POST
def report_file_make(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Make the report as PDF or as a Word document, in the worker; the job's page shows its progress."""
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = ReportFileForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["file_format"]))
        return redirect("reports:report_page", project_id=project_id)
    file_format = FORMATS[form.cleaned_data["file_format"]]
    by = signed_in_user(request)
    job, new = services.report_file_request(project=project, file_format=file_format, by=by)
    if not new:
        _say_reused(request, job)
    return redirect("jobs:job_detail", project_id=project_id, job_id=job.public_id)


def _file_redirect(request: HttpRequest, project_id: uuid.UUID, file_format: ReportFormat) -> HttpResponse:
    """The download addresses of old (bookmarks, scripts) start or reuse the build as the button does, and
    send the file itself when it is ready, else the job's page."""
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    by = signed_in_user(request)
    job, new = services.report_file_request(project=project, file_format=file_format, by=by)
    if job.status == JobStatus.SUCCEEDED and job.result_file:
        return redirect("jobs:job_download", project_id=project_id, job_id=job.public_id)
    if not new:
        _say_reused(request, job)
    return redirect("jobs:job_detail", project_id=project_id, job_id=job.public_id)


@login_required
def report_html_download(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    html = report_html(document=report_document(project=project))
    name = f"{slugify(project.title) or 'report'}.html"
    return attachment_response(html, filename=name, content_type="text/html; charset=utf-8")


@login_required
def report_docx_download(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    return _file_redirect(request, project_id, DOCX)


@login_required
def report_pdf_download(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    return _file_redirect(request, project_id, PDF)
