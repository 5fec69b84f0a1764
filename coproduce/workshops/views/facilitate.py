"""The facilitator's page: start and end the workshop, open, close and reveal activities, run the timer.

Its live parts are fragments of facilitate.html, fetched again by static/js/workshop-live.js whenever the
screens socket says something changed, or every few seconds when the socket is down: `live` (the agenda with
counts, and the participation balance) and `room` (the room panel: sectors against the project's targets,
prompts, and the opinion groups of the current statements activity, read as stored). When the stored groups
are behind the votes, the room panel asks for newer ones once (services/snapshots.py); the task works them
out and the screens socket says when they are ready.
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
from ..models import Activity, ProjectorShows, Workshop
from ..selectors.core import activity_get, workshop_get
from ..selectors.live import live_agenda, participant_count, participants_active, participation_by_sector
from ..selectors.participants import joins_per_minute
from ..selectors.room import room_participation
from ..selectors.room_opinion import room_opinion
from ..services import running
from ..services.snapshots import result_snapshot_ensure, result_snapshot_request

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
        "projector_choices": ProjectorShows.choices,
    }


def room_context(project: Project, workshop: Workshop) -> dict[str, Any]:
    """The room panel. Stored opinion groups behind the votes are asked for again (once: not while a request
    is waiting, unless it went unanswered too long)."""
    room = room_participation(workshop=workshop)
    opinion = room_opinion(workshop=workshop, current=room.activity)
    if opinion.activity is not None and opinion.needs_update:
        result_snapshot_request(activity=opinion.activity)
        opinion = room_opinion(workshop=workshop, current=room.activity)
    elif opinion.activity is not None and opinion.pending:
        result_snapshot_ensure(activity=opinion.activity)
    return {"project": project, "workshop": workshop, "room": room, "opinion": opinion}


def page_context(project: Project, workshop: Workshop) -> dict[str, Any]:
    return live_context(project, workshop) | room_context(project, workshop)


@login_required
def facilitate(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    return render(request, "workshops/facilitate.html", page_context(project, workshop))


@login_required
def facilitate_partial(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    """For the page's script, the `live` fragment, or with ?part=room the `room` fragment; the whole page
    for anyone opening the address directly."""
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    if not by_script(request):
        return render(request, "workshops/facilitate.html", page_context(project, workshop))
    if request.GET.get("part") == "room":
        return render(request, "workshops/facilitate.html#room", room_context(project, workshop))
    return render(request, "workshops/facilitate.html#live", live_context(project, workshop))


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
