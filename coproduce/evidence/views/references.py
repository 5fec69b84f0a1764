"""Records: the list (with an HTMX-updated `#rows`), one record, add by hand (grey literature), change."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from coproduce.core.forms import form_add_service_errors
from coproduce.core.outbound import FetchRefused
from coproduce.core.versions import form_version_track
from coproduce.evidence.forms import ReferenceFilterForm, ReferenceForm
from coproduce.evidence.importers.web_page import fetch_title
from coproduce.evidence.models import Reference
from coproduce.evidence.selectors import duplicates as duplicate_selectors
from coproduce.evidence.selectors import references as selectors
from coproduce.evidence.selectors.filters import decision_groups
from coproduce.evidence.services import references as services
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from . import HtmxHttpRequest
from .decisions import record_page

PAGE_SIZE = 50
KEPT = "The address has been kept: type the title"


@login_required
def reference_list(request: HtmxHttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    groups = decision_groups(project=project)
    form = ReferenceFilterForm(request.GET, project=project, groups=groups)
    filters = form.filters()
    references = selectors.reference_list(project=project, **filters)
    page = Paginator(references, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "form": form,
        "page": page,
        "rows": [(r, groups.status(r.pk), groups.priors.get(r.pk)) for r in page.object_list],
        "filtered": any(v for k, v in filters.items() if k != "ids") or filters["ids"] is not None,
        "counts": duplicate_selectors.dedupe_counts(project=project),
        "to_check": duplicate_selectors.duplicate_candidate_count(project=project),
    }
    template = "evidence/reference_list.html" + ("#rows" if request.htmx else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def reference_detail(request: HttpRequest, project_id: uuid.UUID, pk: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    return record_page(request, project, pk)


def _with_title(form: ReferenceForm) -> bool:
    """Fill a blank title from the web address; False (with an error on the form) if that fails."""
    if form.cleaned_data["title"]:
        return True
    try:
        form.cleaned_data["title"] = fetch_title(form.cleaned_data["url"])
    except FetchRefused as refusal:
        form.add_error("title", f"We could not read a title from that web address. {refusal}. {KEPT}")
        return False
    return True


def _form_page(
    request: HttpRequest, project: Project, form: ReferenceForm, ref: Reference | None
) -> HttpResponse:
    context = {"project": project, "form": form, "reference": ref}
    return render(request, "evidence/reference_form.html", context, status=400 if form.errors else 200)


@login_required
def reference_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = ReferenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _with_title(form):
        reference = services.reference_create(
            project=project, by=signed_in_user(request), **form.cleaned_data
        )
        messages.success(request, "The record has been added")
        return redirect(reference.get_absolute_url())
    return _form_page(request, project, form, None)


@login_required
def reference_edit(request: HttpRequest, project_id: uuid.UUID, pk: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    reference = selectors.reference_get(project=project, pk=pk)
    form = ReferenceForm(request.POST if request.method == "POST" else None, instance=reference)
    form_version_track(form, reference)
    if request.method == "POST" and form.is_valid() and _with_title(form):
        try:
            services.reference_update(reference=reference, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The record has been updated")
            return redirect(reference.get_absolute_url())
    return _form_page(request, project, form, reference)
