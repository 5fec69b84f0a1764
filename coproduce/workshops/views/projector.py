"""The projector: a screen of its own (no navigation, header or footer) with the join code and QR code always
in sight, and what the facilitator chose to show (`Workshop.projector_shows`): the current activity as a
live picture, who has joined by sector, or how to join in large type.

Its `current` fragment is fetched again by static/js/workshop-live.js when the screens socket says
something changed; the running totals of votes, dots and choices are shown in place from each tally
message, and for those the fragment is fetched again at most every TALLIES_EVERY_MS, so a room voting
flat out does not have every projector render the page ten times a second. The fragment is rendered once
per change the screens were told of (`broadcast.screens_mark`) and kept for FRAGMENT_KEPT seconds in the
shared cache, so every projector screen of the workshop (the hall's, a second monitor's) fetching after
the same message costs one render; a change made without a message shows within that second, as before at
the next fetch. Dot results, statement votes and pairwise scores show only once the facilitator reveals
them; the scores and the opinion map are read as stored (services/snapshots.py). While a statements
activity is open the opinion map shows as it stands and is worked out again by the task as votes arrive
(`services.projector.opinion_map_refresh`).
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from coproduce.projects.models import Project
from coproduce.projects.views.common import signed_in_user

from ..broadcast import screens_mark
from ..forms.projector import ProjectorShowsForm
from ..models import Activity, ActivityKind, ActivityState, ProjectorShows, Workshop
from ..selectors.core import activity_current
from ..selectors.live import activity_counts, participant_count, statement_tally
from ..selectors.projector import board_layout, dot_bars, pairwise_bars, sector_bars, statement_bars
from ..selectors.results import dot_vote_result, statements_result
from ..services.projector import opinion_map_refresh, workshop_projector_set
from .facilitate import by_script, workshop_to_facilitate
from .take_part_context import stored_result

TALLIES_EVERY_MS = 2000  # while only totals change, the fragment is fetched again at most this often
FRAGMENT_KEPT = 1  # seconds a rendered fragment is served again for the same change mark


def _join_url(request: HttpRequest, workshop: Workshop) -> str:
    try:
        path = reverse("workshops_public:join_workshop", kwargs={"join_code": workshop.join_code})
    except NoReverseMatch:  # the participant pages are not mounted
        path = f"/w/{workshop.join_code}/"
    return request.build_absolute_uri(path)


def _statements(activity: Activity) -> dict[str, Any]:
    if activity.state == ActivityState.OPEN:
        opinion_map_refresh(activity=activity)
        return {"results": statements_result(activity=activity)}
    if not activity.is_revealed:
        return {}
    results = stored_result(activity)
    common = {row.number for row in results.summary.consensus} if results.summary else set()
    bars = statement_bars(tally=statement_tally(activity=activity))
    return {"results": results, "bars": bars, "common": common}


def _activity_context(activity: Activity) -> dict[str, Any]:
    context: dict[str, Any] = {"counts": activity_counts(activity=activity)}
    if activity.kind == ActivityKind.IDEA_BOARD:
        context["board"] = board_layout(activity=activity)
    elif activity.kind == ActivityKind.STATEMENTS:
        context.update(_statements(activity))
    elif activity.kind == ActivityKind.DOT_VOTE and activity.is_revealed:
        result = dot_vote_result(activity=activity)
        context.update(results=result, bars=dot_bars(rows=result.dots))
    elif activity.kind == ActivityKind.PAIRWISE and activity.is_revealed:
        result = stored_result(activity)
        context.update(results=result, bars=pairwise_bars(rows=result.pairwise_rows))
    return context


def _context(request: HttpRequest, project: Project, workshop: Workshop) -> dict[str, Any]:
    join_url = _join_url(request, workshop)
    context: dict[str, Any] = {
        "project": project,
        "workshop": workshop,
        "shows": workshop.projector_shows,
        "participants": participant_count(workshop=workshop),
        "join_url": join_url,
        "join_address": join_url.split("://", 1)[-1],
        "socket_path": f"/ws/workshops/{workshop.public_id}/screens/",
        "tallies_every_ms": TALLIES_EVERY_MS,
    }
    if workshop.projector_shows == ProjectorShows.PARTICIPATION:
        context["sectors"] = sector_bars(workshop=workshop)
    elif workshop.projector_shows == ProjectorShows.ACTIVITY:
        activity = activity_current(workshop=workshop)
        context["activity"] = activity
        context.update(_activity_context(activity) if activity else {})
    return context


@login_required
def projector(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    return render(request, "workshops/projector.html", _context(request, project, workshop))


def _fragment_key(request: HttpRequest, workshop: Workshop) -> str:
    """What the fragment depends on besides the database: the last change the screens were told of, what
    the projector shows, and the address and language it is rendered for."""
    mark = screens_mark(workshop_public_id=str(workshop.public_id))
    return ":".join(
        [
            "workshops.projector.fragment",
            str(workshop.public_id),
            mark,
            workshop.projector_shows,
            workshop.updated_at.isoformat(),
            request.scheme or "",
            request.get_host(),
            get_language() or "",
        ]
    )


@login_required
def projector_partial(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    if not by_script(request):
        return render(request, "workshops/projector.html", _context(request, project, workshop))
    key = _fragment_key(request, workshop)
    html = cache.get(key)
    if html is None:
        context = _context(request, project, workshop)
        html = render_to_string("workshops/projector.html#current", context, request=request)
        cache.set(key, html, FRAGMENT_KEPT)
    return HttpResponse(html)


@login_required
@require_POST
def projector_shows(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    """Choose what the projector shows, from the facilitator's page."""
    _, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    form = ProjectorShowsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what the projector shows")
    else:
        try:
            workshop_projector_set(
                workshop=workshop, by=signed_in_user(request), shows=form.cleaned_data["shows"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"The projector shows: {workshop.get_projector_shows_display().lower()}"
            )
    url = reverse("workshops:facilitate", kwargs={"project_id": project_id, "workshop_id": workshop_id})
    return redirect(f"{url}#projector")
