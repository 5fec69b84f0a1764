"""Downloads of a workshop's results: Pol.is-layout ZIP of a statements activity, XLSX, and the summary as
DOCX. They hold participant numbers and sectors only, so every team member may download them.

A download never waits for the task worker: a stored result that is missing or out of date is worked out
first (and stored), outside the export's transaction."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from coproduce.core.downloads import download_response
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..exports.polis import statements_export_polis
from ..exports.summary_docx import workshop_export_docx
from ..exports.xlsx import workshop_export_xlsx
from ..models import ActivityKind
from ..selectors.core import activity_get, workshop_get
from ..services.snapshots import result_snapshot_compute, workshop_result_snapshots_refresh


@login_required
@require_GET
def statements_polis(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, statements_activity_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    workshop = workshop_get(project=project, public_id=workshop_id)
    activity = activity_get(workshop=workshop, public_id=statements_activity_id)
    if activity.kind != ActivityKind.STATEMENTS:
        raise Http404("No such statements activity.")
    page = reverse(
        "workshops:workshop_results", kwargs={"project_id": project_id, "workshop_id": workshop_id}
    )
    result_snapshot_compute(activity=activity)
    download = statements_export_polis(
        activity=activity, by=signed_in_user(request), url=request.build_absolute_uri(page)
    )
    return download_response(download)


@login_required
@require_GET
def workshop_xlsx(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    workshop = workshop_get(project=project, public_id=workshop_id)
    workshop_result_snapshots_refresh(workshop=workshop, now=True)
    return download_response(workshop_export_xlsx(workshop=workshop, by=signed_in_user(request)))


@login_required
@require_GET
def workshop_summary_docx(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    workshop = workshop_get(project=project, public_id=workshop_id)
    workshop_result_snapshots_refresh(workshop=workshop, now=True)
    return download_response(workshop_export_docx(workshop=workshop, by=signed_in_user(request)))
