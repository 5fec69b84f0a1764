"""The good-practice case-study catalogue and the evidence map."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.evidence.models import Reference
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need

from ..forms import MapAxesForm
from ..selectors.evidence_map import DEFAULT_AXES, Axis, evidence_map_build, map_axes
from ..selectors.records import appraisal_summaries, case_study_get, case_study_list
from .records import form_from_query


@login_required
def case_study_catalogue(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = form_from_query(request, project)
    facets = [f for f in form.fields.all() if f.is_categorical and f.categories] if form else []
    filters = {f.key: request.GET[f.key] for f in facets if request.GET.get(f.key)}
    query = request.GET.get("q", "").strip()[:200]
    cases = case_study_list(project=project, filters=filters, query=query)
    context = {
        "project": project, "extraction_form": form, "facets": facets, "filters": filters, "query": query,
        "cases": cases, "filtered": bool(filters or query),
    }  # fmt: skip
    return render(request, "extraction/case_study_list.html", context)


@login_required
def case_study_detail(request: HttpRequest, project_id: uuid.UUID, case_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    case = case_study_get(project=project, public_id=case_id)
    answers = [(field, case.values.get(field.key)) for field in case.form.fields.all()]
    appraisals = appraisal_summaries(list(case.reference.appraisals.all()))
    context = {"project": project, "case": case, "answers": answers, "appraisals": appraisals}
    return render(request, "extraction/case_study_detail.html", context)


def _axis(axes: list[Axis], key: str, fallback: str) -> Axis:
    by_key = {axis.key: axis for axis in axes}
    return by_key.get(key) or by_key.get(fallback) or axes[0]


@login_required
def evidence_map(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = form_from_query(request, project)
    context: dict[str, object] = {"project": project, "extraction_form": form}
    if form is not None:
        axes = map_axes(form=form)
        rows = _axis(axes, request.GET.get("rows", ""), DEFAULT_AXES[0])
        columns = _axis(axes, request.GET.get("columns", ""), DEFAULT_AXES[1])
        grid = evidence_map_build(
            form=form, rows=rows, columns=columns, included_ids=included_reference_ids(project=project)
        )
        chosen = grid.cell(request.GET.get("row", ""), request.GET.get("column", ""))
        records = Reference.objects.filter(project=project, pk__in=chosen.reference_ids) if chosen else None
        axes_form = MapAxesForm(
            initial={"rows": rows.key, "columns": columns.key}, axes=[(a.key, a.label) for a in axes]
        )
        context |= {"map": grid, "axes_form": axes_form, "chosen": chosen, "records": records}
    return render(request, "extraction/evidence_map.html", context)
