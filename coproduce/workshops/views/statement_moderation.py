"""Moderating a statements activity: accept participants' statements that wait, take any statement out, or
show a taken-out one again. The list updates live (workshop-live.js) as people add statements."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..models import Activity
from ..selectors.core import workshop_get
from ..selectors.statement_moderation import (
    statement_for_moderation,
    statements_activity_get,
    statements_to_moderate,
)
from ..services.statement_moderation import statement_moderate
from .facilitate import page_or_fragment

PAGE = "workshops/statement_moderation.html"
DONE = {"accept": "Statement {number} is shown to everyone", "reject": "Statement {number} is taken out"}


def _activity(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, statements_activity_id: uuid.UUID
) -> Activity:
    project = access_project(request.user, project_id, need=Need.FACILITATE)
    workshop = workshop_get(project=project, public_id=workshop_id)
    return statements_activity_get(workshop=workshop, public_id=statements_activity_id)


def _context(activity: Activity) -> dict[str, Any]:
    workshop = activity.workshop
    return {
        "project": workshop.project,
        "workshop": workshop,
        "activity": activity,
        "statements": statements_to_moderate(activity=activity),
        "socket_path": f"/ws/workshops/{workshop.public_id}/screens/",
    }


@login_required
def statement_moderation(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, statements_activity_id: uuid.UUID
) -> HttpResponse:
    activity = _activity(request, project_id, workshop_id, statements_activity_id)
    return render(request, PAGE, _context(activity))


@login_required
def statement_moderation_partial(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, statements_activity_id: uuid.UUID
) -> HttpResponse:
    activity = _activity(request, project_id, workshop_id, statements_activity_id)
    return render(request, page_or_fragment(request, PAGE, "statements"), _context(activity))


@login_required
@require_POST
def statement_decide(
    request: HttpRequest,
    project_id: uuid.UUID,
    workshop_id: uuid.UUID,
    statements_activity_id: uuid.UUID,
    statement_id: uuid.UUID,
) -> HttpResponse:
    activity = _activity(request, project_id, workshop_id, statements_activity_id)
    statement = statement_for_moderation(activity=activity, public_id=statement_id)
    decision = request.POST.get("decision", "")
    try:
        statement_moderate(statement=statement, decision=decision, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DONE[decision].format(number=statement.number))
    return redirect(
        "workshops:statement_moderation",
        project_id=project_id,
        workshop_id=workshop_id,
        statements_activity_id=statements_activity_id,
    )
