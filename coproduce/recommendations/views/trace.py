"""The chain of evidence behind a recommendation (a page and a CSV table), and linking evidence directly."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.downloads import attachment_disposition
from coproduce.core.spreadsheets import CSV, csv_write
from coproduce.frameworks.forms.frameworks import EvidenceLinkForm, EvidenceSearchForm
from coproduce.frameworks.selectors.candidates import evidence_candidates
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..models import Recommendation, RecommendationEvidence
from ..selectors.recommendations import recommendation_get
from ..selectors.trace import Trace, project_trace_trees, recommendation_trace_tree
from ..selectors.trace_table import trace_table
from ..services import recommendations as services


@login_required
def recommendation_trace_page(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    search = EvidenceSearchForm(request.GET if "kind" in request.GET else None)
    candidates = evidence_candidates(project=project, **search.cleaned_data) if search.is_valid() else []
    context = {
        "project": project,
        "r": recommendation,
        "tree": recommendation_trace_tree(recommendation=recommendation),
        "search": search,
        "candidates": candidates,
    }
    return render(request, "recommendations/recommendation_trace.html", context)


@login_required
def recommendation_trace_csv(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    tree = recommendation_trace_tree(recommendation=recommendation)
    return _csv(f"{recommendation.label}-evidence.csv", [tree])


@login_required
def project_trace_csv(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Every recommendation's chain of evidence; `?version=public` as the public may see it."""
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    public = request.GET.get("version") == "public"
    trees = project_trace_trees(project=project, public=public)
    return _csv(f"recommendations-evidence{'-public' if public else ''}.csv", trees, public=public)


def _csv(filename: str, trees: list[Trace], *, public: bool = False) -> HttpResponse:
    response = HttpResponse(content_type=CSV)
    response["Content-Disposition"] = attachment_disposition(filename)
    csv_write(rows=trace_table(trees=trees, public=public), out=response)
    return response


@login_required
@require_POST
def recommendation_evidence_add(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    form = EvidenceLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the evidence to link")
        return redirect(_trace_url(recommendation))
    try:
        services.recommendation_evidence_add(
            recommendation=recommendation, by=signed_in_user(request), **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Evidence linked")
    return redirect(_trace_url(recommendation))


@login_required
@require_POST
def recommendation_evidence_remove(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID, recommendation_link_id: int
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    link = RecommendationEvidence.objects.filter(
        recommendation=recommendation, pk=recommendation_link_id
    ).first()
    if link is None:
        raise Http404("No such link.")
    services.recommendation_evidence_remove(link=link, by=signed_in_user(request))
    messages.success(request, "The evidence has been unlinked")
    return redirect(_trace_url(recommendation))


def _trace_url(recommendation: Recommendation) -> str:
    kwargs = {"project_id": recommendation.project.public_id, "recommendation_id": recommendation.public_id}
    return reverse("recommendations:recommendation_trace", kwargs=kwargs)
