import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.jobs.selectors import job_failed_count
from coproduce.people.models import RecruitmentStatus
from coproduce.projects.access import access_project

from .selectors import dashboard_get


@login_required
def project_dashboard(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id)
    data = dashboard_get(project=project)
    statuses = [(s.label, data.status_counts.get(s.value, 0)) for s in RecruitmentStatus]
    context = {"project": project, "data": data, "statuses": statuses}
    if project.viewer_role and project.viewer_role.can_manage_jobs():
        context["failed_jobs"] = job_failed_count(project=project)
    return render(request, "dashboard/project_dashboard.html", context)
