"""The report: the page, writing its sections, its settings, and the HTML, DOCX and PDF downloads.

The page is the team's view (drafts shown and marked); the downloads are the public version, as they are
made to be shared (see `Audience`)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from coproduce.core.downloads import attachment_response
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import services
from ..document import Audience
from ..exports.docx_writer import report_docx
from ..exports.html_writer import report_html, report_pdf
from ..forms import ReportForm, SectionForm
from ..models import SectionKey
from ..selectors.document import report_document, report_for, report_narratives, report_section_get


@login_required
def report_page(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    context = {
        "project": project,
        "document": report_document(project=project, audience=Audience.TEAM),
        "report": report_for(project=project),
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


def _download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    return attachment_response(content, filename=name, content_type=content_type)


@login_required
def report_html_download(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    html = report_html(document=report_document(project=project))
    return _download(html, "text/html; charset=utf-8", f"{slugify(project.title) or 'report'}.html")


@login_required
def report_docx_download(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    docx = report_docx(document=report_document(project=project))
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(docx, mime, f"{slugify(project.title) or 'report'}.docx")


@login_required
def report_pdf_download(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    pdf = report_pdf(document=report_document(project=project))
    return _download(pdf, "application/pdf", f"{slugify(project.title) or 'report'}.pdf")
