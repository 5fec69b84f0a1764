"""Element pages: create, change, move and delete an element; see its evidence, link and unlink evidence."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from coproduce.core.downloads import attachment_disposition
from coproduce.core.forms import form_add_service_errors
from coproduce.core.spreadsheets import CSV, csv_write
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.frameworks import ElementForm, EvidenceLinkForm, EvidenceSearchForm
from ..models import Element, EvidenceKind, EvidenceLink, Framework
from ..selectors.candidates import evidence_candidates
from ..selectors.evidence import element_evidence
from ..selectors.frameworks import element_get, framework_get
from ..selectors.strength import element_strengths
from ..services import evidence as evidence_services
from ..services import frameworks as services


def _element(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID, need: Need
) -> tuple[Project, Framework, Element]:
    project = access_project(request.user, project_id, need=need)
    framework = framework_get(project=project, public_id=framework_id)
    return project, framework, element_get(framework=framework, public_id=element_id)


def _element_url(element: Element) -> str:
    framework = element.framework
    kwargs = {
        "project_id": framework.project.public_id,
        "framework_id": framework.public_id,
        "element_id": element.public_id,
    }
    return reverse("frameworks:element_detail", kwargs=kwargs)


@login_required
def element_create(request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EDIT_FRAMEWORK)
    framework = framework_get(project=project, public_id=framework_id)
    form = ElementForm(
        request.POST if request.method == "POST" else None, initial={"level": request.GET.get("level", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            element = services.element_create(
                framework=framework, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The element has been added. Now link its evidence.")
            return redirect(_element_url(element))
    context = {"project": project, "framework": framework, "form": form, "element": None}
    return render(request, "frameworks/element_form.html", context)


@login_required
def element_edit(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID
) -> HttpResponse:
    project, framework, element = _element(request, project_id, framework_id, element_id, Need.EDIT_FRAMEWORK)
    form = ElementForm(request.POST if request.method == "POST" else None, element=element)
    form_version_track(form, element)
    if request.method == "POST" and form.is_valid():
        try:
            services.element_update(element=element, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The element has been updated")
            return redirect(_element_url(element))
    context = {"project": project, "framework": framework, "form": form, "element": element}
    return render(request, "frameworks/element_form.html", context)


@login_required
@require_POST
def element_delete(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID
) -> HttpResponse:
    _project, framework, element = _element(
        request, project_id, framework_id, element_id, Need.EDIT_FRAMEWORK
    )
    services.element_delete(element=element, by=signed_in_user(request))
    messages.success(request, f"“{element.title}” has been deleted")
    return redirect(framework)


@login_required
@require_POST
def element_move(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID
) -> HttpResponse:
    _project, framework, element = _element(
        request, project_id, framework_id, element_id, Need.EDIT_FRAMEWORK
    )
    services.element_move(
        element=element, by=signed_in_user(request), step=-1 if request.POST.get("direction") == "up" else 1
    )
    return redirect(f"{framework.get_absolute_url()}#elements")


@login_required
def element_detail(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID
) -> HttpResponse:
    project, framework, element = _element(request, project_id, framework_id, element_id, Need.VIEW_PROJECT)
    search = EvidenceSearchForm(request.GET if "kind" in request.GET else None)
    candidates = evidence_candidates(project=project, **search.cleaned_data) if search.is_valid() else []
    context = {
        "project": project,
        "framework": framework,
        "element": element,
        "strength": element_strengths(elements=[element])[element.pk],
        "evidence": element_evidence(element=element),
        "search": search,
        "candidates": candidates,
    }
    return render(request, "frameworks/element_detail.html", context)


@login_required
@require_POST
def evidence_link_add(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID
) -> HttpResponse:
    _project, _framework, element = _element(
        request, project_id, framework_id, element_id, Need.EDIT_FRAMEWORK
    )
    form = EvidenceLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the evidence to link")
        return redirect(_element_url(element))
    data = form.cleaned_data
    try:
        evidence_services.evidence_link_add(element=element, by=signed_in_user(request), **data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{EvidenceKind(data['kind']).label} linked")
    return redirect(_element_url(element))


@login_required
@require_POST
def evidence_link_remove(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID, link_id: int
) -> HttpResponse:
    _project, _framework, element = _element(
        request, project_id, framework_id, element_id, Need.EDIT_FRAMEWORK
    )
    link = EvidenceLink.objects.filter(element=element, pk=link_id).first()
    if link is None:
        raise Http404("No such link.")
    evidence_services.evidence_link_remove(link=link, by=signed_in_user(request))
    messages.success(request, "The evidence has been unlinked")
    return redirect(_element_url(element))


@login_required
def element_evidence_csv(
    request: HttpRequest, project_id: uuid.UUID, framework_id: uuid.UUID, element_id: uuid.UUID
) -> HttpResponse:
    """The element's chain of evidence as a table (CSV), formula-safe for spreadsheets."""
    _project, framework, element = _element(request, project_id, framework_id, element_id, Need.VIEW_PROJECT)
    response = HttpResponse(content_type=CSV)
    name = f"{slugify(element.title) or 'element'}-evidence.csv"
    response["Content-Disposition"] = attachment_disposition(name)
    rows = [
        [
            framework.title,
            element.title,
            element.get_level_display(),
            item.link.get_kind_display(),
            item.label,
            item.detail,
            item.figures,
            item.link.note,
        ]
        for item in element_evidence(element=element)
    ]
    headings = ["Framework", "Element", "Level", "Kind of evidence", "Evidence", "Detail", "Figures", "Why"]
    csv_write(rows=[headings, *rows], out=response)
    return response
