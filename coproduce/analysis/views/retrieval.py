"""Coded segments by code (with filters and downloads), and full-text search of the transcripts."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.downloads import download_response
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..exports import segments_table, table_export
from ..forms.retrieval import SearchForm, SegmentFilterForm, download_format
from ..selectors import retrieval
from ..selectors.matrices import SECTOR_COLUMNS
from ..selectors.search import transcript_search

PER_PAGE = 50


def _filter_form(request: HttpRequest, project: Project) -> SegmentFilterForm:
    tree = retrieval.code_tree(project=project)
    choices = retrieval.segment_filter_choices(project=project)
    return SegmentFilterForm(request.GET, tree=tree, choices=choices)


@login_required
def segment_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = _filter_form(request, project)
    codings = retrieval.segment_list(project=project, filters=form.filters())
    page = Paginator(codings, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "project": project, "form": form, "code": form.chosen_code(), "page_obj": page,
        "segments": retrieval.segments_with_context(project=project, codings=page.object_list),
        "query": query.urlencode(), "filtered": any(v for k, v in request.GET.items() if k != "page"),
    }  # fmt: skip
    return render(request, "analysis/segment_list.html", context)


@login_required
def segment_export(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = _filter_form(request, project)
    codings = retrieval.segment_list(project=project, filters=form.filters())
    segments = retrieval.segments_with_context(project=project, codings=codings)
    table = segments_table(segments=segments, paths={t.code.pk: t.path for t in form.tree})
    file_format = download_format(request.GET.get("format", ""))
    download = table_export(
        project=project, by=signed_in_user(request), table=table, what="segments", file_format=file_format
    )
    return download_response(download)


@login_required
def search(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = SearchForm(request.GET, sectors=SECTOR_COLUMNS)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    sector = form.cleaned_data.get("sector", "") if form.is_valid() else ""
    results = transcript_search(project=project, query=query, sector=sector) if query.strip() else None
    context = {
        "project": project, "form": form, "query": query, "results": results,
        "hits": sum(len(r.hits) for r in results or []), "matches": sum(r.total for r in results or []),
    }  # fmt: skip
    return render(request, "analysis/search.html", context)
