"""The projector page: the join code and QR code, and the current activity in large type.

Its `current` fragment is fetched again by static/js/workshop-live.js when the screens socket says
something changed. Dot results, statement votes and pairwise scores show only once the facilitator reveals
them; the scores and the statements' common ground are read as stored (services/snapshots.py), and the page
says when they are still being worked out, then shows them when the screens socket says they are ready.
"""

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need

from ..models import Activity, ActivityKind, Workshop
from ..selectors.core import activity_current, workshop_get
from ..selectors.live import (
    activity_counts,
    board_columns,
    cluster_list,
    dot_tally,
    participant_count,
    statement_tally,
)
from .facilitate import page_or_fragment
from .take_part_context import stored_result


def _join_url(request: HttpRequest, workshop: Workshop) -> str:
    try:
        path = reverse("workshops_public:join_workshop", kwargs={"join_code": workshop.join_code})
    except NoReverseMatch:  # the participant pages are not mounted
        path = f"/w/{workshop.join_code}/"
    return request.build_absolute_uri(path)


def _activity_context(activity: Activity) -> dict[str, Any]:
    context: dict[str, Any] = {"counts": activity_counts(activity=activity)}
    if activity.kind == ActivityKind.IDEA_BOARD:
        context["columns"] = board_columns(activity=activity)
        context["clusters"] = [c for c in cluster_list(activity=activity) if c.shown_cards]  # type: ignore[attr-defined]
    elif activity.kind == ActivityKind.DOT_VOTE and activity.is_revealed:
        context["tally"] = dot_tally(activity=activity)
    elif activity.kind == ActivityKind.STATEMENTS and activity.is_revealed:
        context["statements"] = statement_tally(activity=activity)
        context["results"] = stored_result(activity)
    elif activity.kind == ActivityKind.PAIRWISE and activity.is_revealed:
        context["results"] = stored_result(activity)
    return context


def _context(request: HttpRequest, project: Project, workshop: Workshop) -> dict[str, Any]:
    activity = activity_current(workshop=workshop)
    return {
        "project": project,
        "workshop": workshop,
        "activity": activity,
        "participants": participant_count(workshop=workshop),
        "join_url": _join_url(request, workshop),
        "socket_path": f"/ws/workshops/{workshop.public_id}/screens/",
        **(_activity_context(activity) if activity else {}),
    }


def _workshop(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID
) -> tuple[Project, Workshop]:
    project = access_project(request.user, project_id, need=Need.FACILITATE)
    return project, workshop_get(project=project, public_id=workshop_id)


@login_required
def projector(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = _workshop(request, project_id, workshop_id)
    return render(request, "workshops/projector.html", _context(request, project, workshop))


@login_required
def projector_partial(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = _workshop(request, project_id, workshop_id)
    template = page_or_fragment(request, "workshops/projector.html", "current")
    return render(request, template, _context(request, project, workshop))
