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

from ..diagram import NARROW_WIDTH
from ..forms.frameworks import FrameworkForm
from ..selectors.frameworks import (
    framework_get,
    framework_list,
    framework_svg,
    framework_view,
    framework_views,
    frameworks_side_by_side_svg,
)
from ..services import frameworks as services


@login_required
def framework_list_page(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    frameworks = list(framework_list(project=project))
    context: dict[str, object] = {"project": project, "frameworks": frameworks}
    if len(frameworks) > 1:
        views = framework_views(frameworks=frameworks)
        title = "The frameworks side by side"
        context["side_by_side"] = frameworks_side_by_side_svg(title=title, views=views)
        context["side_by_side_narrow"] = frameworks_side_by_side_svg(
            title=title, views=views, width=NARROW_WIDTH
        )
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
    context = {
        "project": project,
        "view": view,
        "diagram_svg": framework_svg(view=view, interactive=True),
        "diagram_svg_narrow": framework_svg(view=view, interactive=True, width=NARROW_WIDTH),
    }
    return render(request, "frameworks/framework_detail.html", context)


def _download(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, *, outlined: bool = False
) -> tuple[str, str]:
    """The SVG keeps its text; the PNG and PDF are drawn from its outlines."""
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    view = framework_view(framework=framework_get(project=project, public_id=framework_id))
    return framework_svg(view=view, outlined=outlined), slugify(view.framework.title) or "framework"


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
    svg, name = _download(request, project_id, framework_id, outlined=True)
    png = svg_png(svg, scale=2)
    return attachment_response(png, filename=f"{name}.png", content_type="image/png")


@login_required
def framework_pdf_download(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID
) -> HttpResponse:
    svg, name = _download(request, project_id, framework_id, outlined=True)
    pdf = svg_pdf(svg)
    return attachment_response(pdf, filename=f"{name}.pdf", content_type="application/pdf")
