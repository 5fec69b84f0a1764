"""The facilitator's page: start and end the workshop, open, close and reveal activities, run the timer.

Its live part (the agenda with counts, and the participation balance) is the `live` fragment of
facilitate.html, fetched again by static/js/workshop-live.js whenever the screens socket says something
changed, or every few seconds when the socket is down.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.facilitate import ActivityStateForm, TimerForm
from ..models import Activity, Workshop
from ..selectors.core import activity_get, workshop_get
from ..selectors.live import live_agenda, participant_count, participants_active, participation_by_sector
from ..selectors.participants import joins_per_minute
from ..services import running

_STATE_SERVICES: dict[str, tuple[Callable[..., Activity], str]] = {
    "open": (running.activity_open, "is open"),
    "reopen": (running.activity_open, "is open again"),
    "close": (running.activity_close, "is closed"),
    "reveal": (running.activity_reveal, "shows its results"),
}


def by_script(request: HttpRequest) -> bool:
    """Whether workshop-live.js or clusters.js sent the request: they want a fragment, or a 204."""
    return request.headers.get("X-Requested-With") == "fetch"


def page_or_fragment(request: HttpRequest, template: str, fragment: str) -> str:
    """The fragment for the page's script; the whole page for anyone opening the address directly."""
    return f"{template}#{fragment}" if by_script(request) else template


def workshop_to_facilitate(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID
) -> tuple[Project, Workshop]:
    project = access_project(request.user, project_id, need=Need.FACILITATE)
    return project, workshop_get(project=project, public_id=workshop_id)


def _facilitate_url(workshop: Workshop, activity: Activity | None = None) -> str:
    url = reverse(
        "workshops:facilitate",
        kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id},
    )
    return f"{url}#activity-{activity.public_id}" if activity else url


def live_context(project: Project, workshop: Workshop) -> dict[str, Any]:
    return {
        "project": project,
        "workshop": workshop,
        "agenda": live_agenda(workshop=workshop),
        "balance": participation_by_sector(workshop=workshop),
        "participants": participant_count(workshop=workshop),
        "active": participants_active(workshop=workshop),
        "joins": joins_per_minute(workshop=workshop),
        "socket_path": f"/ws/workshops/{workshop.public_id}/screens/",
    }


@login_required
def facilitate(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    return render(request, "workshops/facilitate.html", live_context(project, workshop))


@login_required
def facilitate_partial(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    template = page_or_fragment(request, "workshops/facilitate.html", "live")
    return render(request, template, live_context(project, workshop))


def _run(request: HttpRequest, call: Callable[[], object], done: str) -> None:
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@login_required
@require_POST
def workshop_start(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    _, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    by = signed_in_user(request)
    _run(request, lambda: running.workshop_start(workshop=workshop, by=by), "The workshop is running")
    return redirect(_facilitate_url(workshop))


@login_required
@require_POST
def workshop_end(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    _, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    by = signed_in_user(request)
    _run(request, lambda: running.workshop_end(workshop=workshop, by=by), "The workshop has ended")
    return redirect(_facilitate_url(workshop))


@login_required
@require_POST
def activity_state(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    _, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    activity = activity_get(workshop=workshop, public_id=activity_id)
    form = ActivityStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the activity")
        return redirect(_facilitate_url(workshop, activity))
    service, done = _STATE_SERVICES[form.cleaned_data["action"]]
    by = signed_in_user(request)
    _run(request, lambda: service(activity=activity, by=by), f"{activity.title} {done}")
    return redirect(_facilitate_url(workshop, activity))


@login_required
@require_POST
def activity_timer(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    _, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    activity = activity_get(workshop=workshop, public_id=activity_id)
    form = TimerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_facilitate_url(workshop, activity))
    action, by = form.cleaned_data["action"], signed_in_user(request)
    minutes = {"set": {"minutes": form.cleaned_data["minutes"]}, "add": {"add_minutes": 1}}.get(action, {})
    done = "The timer has stopped" if action == "stop" else "The timer is running"
    _run(request, lambda: running.activity_timer_set(activity=activity, by=by, **minutes), done)
    return redirect(_facilitate_url(workshop, activity))
