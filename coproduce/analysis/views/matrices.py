"""The code-by-sector matrix (a heatmap and a table), the code co-occurrence matrix, and their downloads."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.downloads import download_response
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..exports import code_sector_table, cooccurrence_table, table_export
from ..forms.retrieval import MatrixForm, download_format
from ..selectors.matrices import PEOPLE, code_cooccurrence, code_sector_matrix
from ..selectors.retrieval import transcripts_analysable

CO_OCCURRENCE = "co-occurrence"


@login_required
def code_sector(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = MatrixForm(request.GET)
    matrix = code_sector_matrix(
        project=project, measure=form.measure_value(), include_subcodes=form.include_subcodes(),
        include_interviewer=form.include_interviewer(),
    )  # fmt: skip
    context = {
        "project": project, "form": form, "matrix": matrix, "people": matrix.measure == PEOPLE,
        "transcripts": transcripts_analysable(project=project).count(), "query": request.GET.urlencode(),
    }  # fmt: skip
    return render(request, "analysis/matrix_code_sector.html", context)


@login_required
def cooccurrence(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    context = {
        "project": project, "matrix": code_cooccurrence(project=project),
        "transcripts": transcripts_analysable(project=project).count(),
    }  # fmt: skip
    return render(request, "analysis/cooccurrence.html", context)


@login_required
def matrix_export(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """?matrix=co-occurrence, or the code-by-sector matrix (default; ?subcodes=yes, ?interviewer=yes);
    ?format=xlsx or csv."""
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    if request.GET.get("matrix") == CO_OCCURRENCE:
        table = cooccurrence_table(matrix=code_cooccurrence(project=project))
    else:
        form = MatrixForm(request.GET)
        matrix = code_sector_matrix(
            project=project, include_subcodes=form.include_subcodes(),
            include_interviewer=form.include_interviewer(),
        )  # fmt: skip
        table = code_sector_table(matrix=matrix)
    file_format = download_format(request.GET.get("format", ""))
    download = table_export(
        project=project, by=signed_in_user(request), table=table, what="matrix", file_format=file_format
    )
    return download_response(download)
