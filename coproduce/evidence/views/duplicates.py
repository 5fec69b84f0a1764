"""Possible duplicates side by side, with "Same record" and "Different records"."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.evidence.selectors import duplicates as selectors
from coproduce.evidence.services import duplicates as services
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

PAGE_SIZE = 20


@login_required
def duplicate_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    candidates = selectors.duplicate_candidate_list(project=project)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"project": project, "page": page, "counts": selectors.dedupe_counts(project=project)}
    return render(request, "evidence/duplicate_list.html", context)


@login_required
@require_POST
def duplicate_confirm(request: HttpRequest, project_id: uuid.UUID, candidate_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    candidate = selectors.duplicate_candidate_get(project=project, pk=candidate_id)
    services.duplicate_confirm(candidate=candidate, by=signed_in_user(request))
    messages.success(
        request, f"Record {candidate.second_id} is now marked as a duplicate of record {candidate.first_id}"
    )
    return redirect("evidence:duplicate_list", project_id=project_id)


@login_required
@require_POST
def duplicate_split(request: HttpRequest, project_id: uuid.UUID, candidate_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    candidate = selectors.duplicate_candidate_get(project=project, pk=candidate_id)
    services.duplicate_split(candidate=candidate, by=signed_in_user(request))
    messages.success(
        request, f"Records {candidate.first_id} and {candidate.second_id} are kept as different records"
    )
    return redirect("evidence:duplicate_list", project_id=project_id)
