"""The PRISMA 2020 flow diagram (page, SVG and PNG), the screening report, and downloads of records."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from coproduce.core.downloads import attachment_response, download_response
from coproduce.core.svg_convert import svg_png
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..exports import references_export
from ..forms.exports import ExportForm
from ..prisma import prisma_counts, prisma_diagram
from ..selectors.reports import screening_facts
from ..selectors.stopping import screening_stop_get

PNG_SCALE = 2


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return attachment_response(content, filename=filename, content_type=content_type)


def _filename(project: Project, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"{slugify(project.title)[:40] or 'project'}-prisma-{stamp}.{extension}"


def _svg(project: Project) -> str:
    diagram = prisma_diagram(prisma_counts(project=project))
    context = {"diagram": diagram, "project": project, "standalone": True}
    return render_to_string("evidence/_prisma_svg.html", context)


@login_required
@require_GET
def prisma(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    counts = prisma_counts(project=project)
    context = {"project": project, "counts": counts, "diagram": prisma_diagram(counts)}
    return render(request, "evidence/prisma.html", context)


@login_required
@require_GET
def prisma_svg(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    return _attachment(_svg(project).encode(), "image/svg+xml", _filename(project, "svg"))


@login_required
@require_GET
def prisma_png(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    png = svg_png(_svg(project), scale=PNG_SCALE)
    return _attachment(png, "image/png", _filename(project, "png"))


@login_required
@require_GET
def screening_report(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    counts = prisma_counts(project=project)
    context = {
        "project": project,
        "counts": counts,
        "diagram": prisma_diagram(counts),
        "facts": screening_facts(project=project),
        "stop": screening_stop_get(project=project),
    }
    return render(request, "evidence/screening_report.html", context)


@login_required
@require_GET
def export(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = ExportForm(request.GET if "format" in request.GET else None)
    if not form.is_valid():
        return render(request, "evidence/export.html", {"project": project, "form": form})
    download = references_export(
        project=project,
        records=form.cleaned_data["records"],
        file_format=form.cleaned_data["format"],
        by=signed_in_user(request),
    )
    return download_response(download)
