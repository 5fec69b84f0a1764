"""The dossier page and one dataset's page, each with its chart and the table behind it."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.context.charts import bar_chart
from coproduce.context.maps import area_map
from coproduce.context.selectors import dossier as selectors
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need

CHART_AREAS = 30


@login_required
def dossier(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    by_year = selectors.budget_totals_by_year(project=project)
    chart = bar_chart(
        chart_id="savings-by-year",
        title="Savings and cuts by financial year",
        description="Total of the budget lines recorded as savings or cuts, for each financial year.",
        items=[(total.label, total.saving) for total in by_year],
        money=True,
    )
    context = {
        "project": project,
        "events": selectors.timeline_event_list(project=project),
        "lines": selectors.budget_line_list(project=project),
        "by_year": by_year,
        "by_service": selectors.budget_totals_by_service(project=project),
        "chart": chart,
        "datasets": selectors.area_dataset_list(project=project),
        "boundary_count": selectors.area_boundary_list(project=project).count(),
    }
    return render(request, "context/dossier.html", context)


@login_required
def dataset_detail(request: HttpRequest, project_id: uuid.UUID, dataset_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    dataset = selectors.area_dataset_get(project=project, public_id=dataset_id)
    values = list(selectors.area_value_list(dataset=dataset))
    shown = values[:CHART_AREAS]
    unit = f" ({dataset.unit})" if dataset.unit else ""
    chart = bar_chart(
        chart_id="dataset-chart",
        title=f"{dataset.title}: the {len(shown)} highest of {len(values)} areas",
        description=f"{dataset.measure}{unit} for each {dataset.area_type}, highest first. "
        "The table below lists every area.",
        items=[(value.area_name, value.value) for value in shown],
    )
    boundaries = list(selectors.area_boundary_list(project=project))
    shown_map = area_map(
        map_id="dataset-map",
        title=f"Map of {dataset.title}",
        description=f"{dataset.measure}{unit} for each {dataset.area_type}, in five bands from lowest to "
        "highest, each with its own shade and pattern. The table below lists every area with its band.",
        boundaries=boundaries,
        values=values,
    )
    bands = shown_map.value_bands if shown_map else {}
    context = {
        "project": project,
        "dataset": dataset,
        "values": values,
        "rows": [(value, bands.get(value.pk)) for value in values],
        "chart": chart,
        "area_map": shown_map,
        "boundary_source": boundaries[0].source_title if boundaries else "",
    }
    return render(request, "context/dataset_detail.html", context)
