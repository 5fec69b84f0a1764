"""Background work: the progress page of one job, its download, the lead's list, and trying again; and the
"Mail outbox" pages.

The mail outbox (settings.MAIL_OUTBOX: on in the demo's settings, off elsewhere unless asked for) shows the
messages the site has sent. A project's lead sees the project's (invitations, personal links); site staff see
every project's and those about no project (password resets). Where the outbox is off, both pages are "Page
not found", whoever asks. The text is shown as written, with its links clickable: before any mail encoding
(quoted-printable) wraps its lines.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.downloads import attachment_response
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need, ProjectRole, job_retry_allowed
from coproduce.projects.views.common import signed_in_user

from . import services
from .models import Job, JobStatus
from .selectors import job_get, job_list, job_progress, outbox_message_list


def _job_for(request: HttpRequest, project_id: uuid.UUID, job_id: uuid.UUID) -> tuple[Job, ProjectRole]:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    job = job_get(project=project, job_id=job_id)
    project = access_project(request.user, project_id, need=Need(job.need))
    assert project.viewer_role is not None  # noqa: S101 access_project sets it
    return job, project.viewer_role


@login_required
def job_detail(request: HttpRequest, project_id: uuid.UUID, job_id: uuid.UUID) -> HttpResponse:
    job, role = _job_for(request, project_id, job_id)
    context = {
        "project": job.project,
        "job": job,
        "progress": job_progress(job=job),
        "job_result_days": settings.JOB_RESULT_DAYS,
        "may_retry": job.status == JobStatus.FAILED
        and job_retry_allowed(
            role=role, user_id=request.user.pk, created_by_id=job.created_by_id, need=job.need
        ),
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "jobs/job_detail.html#status" if partial else "jobs/job_detail.html"
    return render(request, template, context)


@login_required
def job_download(request: HttpRequest, project_id: uuid.UUID, job_id: uuid.UUID) -> HttpResponse:
    job, _role = _job_for(request, project_id, job_id)
    if job.status != JobStatus.SUCCEEDED or not job.result_file:
        raise Http404("This file is not ready, or has been removed.")
    with job.result_file.open("rb") as stored:
        content = stored.read()
    return attachment_response(content, filename=job.result_name or "download", content_type=job.result_type)


@login_required
def job_list_page(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_JOBS)
    return render(request, "jobs/job_list.html", {"project": project, "jobs": job_list(project=project)})


@login_required
@require_POST
def job_retry(request: HttpRequest, project_id: uuid.UUID, job_id: uuid.UUID) -> HttpResponse:
    job, role = _job_for(request, project_id, job_id)
    try:
        services.job_retry(job=job, role=role, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{job.label}” will be tried again")
    return redirect("jobs:job_detail", project_id=project_id, job_id=job_id)


OUTBOX_PAGE_SIZE = 25


def _outbox_page(request: HttpRequest, *, project: Project | None) -> HttpResponse:
    page = Paginator(outbox_message_list(project=project), OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"project": project, "page_obj": page, "outbox_messages": page.object_list}
    return render(request, "jobs/mail_outbox.html", context)


@login_required
def mail_outbox(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """The project's sent messages, for its lead."""
    if not settings.MAIL_OUTBOX:
        raise Http404("This site keeps no mail outbox.")
    return _outbox_page(request, project=access_project(request.user, project_id, need=Need.MANAGE_JOBS))


@login_required
def mail_outbox_all(request: HttpRequest) -> HttpResponse:
    """Every message the site has sent, for site staff only."""
    if not settings.MAIL_OUTBOX:
        raise Http404("This site keeps no mail outbox.")
    if not request.user.is_staff:
        raise PermissionDenied("Only site staff can see every project's mail.")
    return _outbox_page(request, project=None)
