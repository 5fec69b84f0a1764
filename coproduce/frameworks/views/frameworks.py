"""Framework pages: the list, a framework with its diagram and elements, and the diagram downloads."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from coproduce.core.downloads import attachment_response
from coproduce.core.forms import form_add_service_errors
from coproduce.core.svg_convert import svg_pdf, svg_png
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.frameworks import FrameworkForm
from ..selectors.frameworks import framework_get, framework_list, framework_svg, framework_view
from ..services import frameworks as services


@login_required
def framework_list_page(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    context = {"project": project, "frameworks": framework_list(project=project)}
    return render(request, "frameworks/framework_list.html", context)


@login_required
def framework_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EDIT_FRAMEWORK)
    form = FrameworkForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.framework_create(
                project=project, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The framework has been created")
            return redirect(framework)
    return render(
        request, "frameworks/framework_form.html", {"project": project, "form": form, "framework": None}
    )


@login_required
def framework_edit(request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EDIT_FRAMEWORK)
    framework = framework_get(project=project, public_id=framework_id)
    form = FrameworkForm(
        request.POST if request.method == "POST" else None, project=project, framework=framework
    )
    form_version_track(form, framework)
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_update(framework=framework, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The framework has been updated")
            return redirect(framework)
    context = {"project": project, "form": form, "framework": framework}
    return render(request, "frameworks/framework_form.html", context)


@login_required
def framework_detail(request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    view = framework_view(framework=framework_get(project=project, public_id=framework_id))
    context = {"project": project, "view": view, "diagram_svg": framework_svg(view=view, interactive=True)}
    return render(request, "frameworks/framework_detail.html", context)


def _download(request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID) -> tuple[str, str]:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    view = framework_view(framework=framework_get(project=project, public_id=framework_id))
    return framework_svg(view=view), slugify(view.framework.title) or "framework"


@login_required
def framework_svg_download(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID
) -> HttpResponse:
    svg, name = _download(request, project_id, framework_id)
    return attachment_response(svg, filename=f"{name}.svg", content_type="image/svg+xml; charset=utf-8")


@login_required
def framework_png_download(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID
) -> HttpResponse:
    svg, name = _download(request, project_id, framework_id)
    png = svg_png(svg, scale=2)
    return attachment_response(png, filename=f"{name}.png", content_type="image/png")


@login_required
def framework_pdf_download(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID
) -> HttpResponse:
    svg, name = _download(request, project_id, framework_id)
    pdf = svg_pdf(svg)
    return attachment_response(pdf, filename=f"{name}.pdf", content_type="application/pdf")
