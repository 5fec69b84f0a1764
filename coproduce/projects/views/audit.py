"""The project's audit trail for its leads: a filtered, paged table and the same rows as CSV."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coproduce.core.downloads import attachment_disposition
from coproduce.core.selectors import audit_list as audit_event_list
from coproduce.projects.permissions import Need

from ..access import access_project
from ..audit_csv import audit_csv_write
from ..forms import AuditFilterForm
from ..models import Project
from ..selectors import audit_action_list, member_list

PAGE_SIZE = 50


def _filter_form(request: HttpRequest, project: Project) -> AuditFilterForm:
    return AuditFilterForm(
        request.GET or None,
        actions=audit_action_list(project=project),
        members=list(member_list(project=project)),
    )


@login_required
def audit_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_AUDIT)
    form = _filter_form(request, project)
    events = audit_event_list(project_id=project.pk, **form.filters())
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"project": project, "form": form, "page_obj": page_obj, "events": page_obj.object_list}
    return render(request, "projects/audit_list.html", context)


@login_required
def audit_export(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_AUDIT)
    events = audit_event_list(project_id=project.pk, **_filter_form(request, project).filters())
    filename = f"audit-trail-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment_disposition(filename)},
    )
    audit_csv_write(events=events.iterator(), out=response)
    return response
