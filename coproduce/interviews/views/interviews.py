"""The interview schedule, scheduling and recording interviews."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.consent.models import ConsentEvent, ConsentScope
from coproduce.consent.selectors.status import consent_status
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.people.models import Stakeholder
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms import FocusGroupForm, InterviewForm, InterviewRecordForm
from ..models import InterviewStatus
from ..selectors.interviews import (
    interview_get,
    interview_list,
    interview_participant_list,
    interview_person_find,
    interview_progress,
    pending_redaction_count,
)
from ..services.interviews import focus_group_create, interview_create, interview_record, interview_update


@login_required
def interview_schedule(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    status = request.GET.get("status", "")
    status = status if status in InterviewStatus.values else ""
    code = request.GET.get("person", "")[:50]
    person = interview_person_find(project=project, code=code) if code.strip() else None
    context = {
        "project": project, "status": status, "person": person,
        "person_unknown": code if code.strip() and not person else "",
        "interviews": interview_list(project=project, status=status, person=person),
        "statuses": InterviewStatus.choices, "progress": interview_progress(project=project),
    }  # fmt: skip
    return render(request, "interviews/interview_list.html", context)


def _schedule(request: HttpRequest, project_id: uuid.UUID, *, focus_group: bool) -> HttpResponse:
    """The page that schedules an interview with one person, or a focus group with several."""
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    form_class = FocusGroupForm if focus_group else InterviewForm
    form = form_class(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        create = focus_group_create if focus_group else interview_create
        try:
            interview = create(project=project, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            who = "focus group" if focus_group else f"interview with {interview.stakeholder.code}"
            messages.success(request, f"The {who} has been scheduled")
            return redirect(interview.get_absolute_url())
    context = {"project": project, "form": form, "interview": None, "focus_group": focus_group}
    return render(request, "interviews/interview_form.html", context)


@login_required
def interview_new(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    return _schedule(request, project_id, focus_group=False)


@login_required
def focus_group_new(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    return _schedule(request, project_id, focus_group=True)


@login_required
def interview_edit(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    form_class = FocusGroupForm if interview.is_focus_group else InterviewForm
    form = form_class(
        request.POST if request.method == "POST" else None, project=project, interview=interview
    )
    form_version_track(form, interview)
    if request.method == "POST" and form.is_valid():
        try:
            interview_update(interview=interview, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            what = "focus group" if interview.is_focus_group else "interview"
            messages.success(request, f"The {what} has been updated")
            return redirect(interview.get_absolute_url())
    context = {
        "project": project,
        "form": form,
        "interview": interview,
        "focus_group": interview.is_focus_group,
    }
    return render(request, "interviews/interview_form.html", context)


def _consent_rows(person: Stakeholder) -> list[tuple[str, ConsentEvent | None]]:
    status = consent_status(stakeholder=person)
    return [(ConsentScope(scope).label, event) for scope, event in status.items()]


@login_required
def interview_detail(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = getattr(interview, "transcript", None)
    context = {
        "project": project, "interview": interview, "transcript": transcript,
        "consent": _consent_rows(interview.stakeholder),
        "participants": [(p, _consent_rows(p)) for p in interview_participant_list(interview=interview)],
        "pending": pending_redaction_count(transcript=transcript) if transcript else 0,
    }  # fmt: skip
    return render(request, "interviews/interview_detail.html", context)


@login_required
def interview_outcome(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    initial = {
        "status": interview.status,
        "duration_minutes": interview.duration_minutes,
        "recorded": interview.recorded,
    }
    form = InterviewRecordForm(request.POST if request.method == "POST" else None, initial=initial)
    form_version_track(form, interview)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview_record(
                interview=interview, by=signed_in_user(request), status=data["status"],
                duration_minutes=data["duration_minutes"], recorded=data["recorded"], version=data["version"],
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The interview's outcome has been recorded")
            return redirect(interview.get_absolute_url())
    context = {"project": project, "form": form, "interview": interview}
    return render(request, "interviews/interview_outcome.html", context)
