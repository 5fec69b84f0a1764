"""The facilitator's list of participants, and removing one with everything they contributed.

Removal asks for confirmation on its own page (GET), then runs `participant_remove` (POST), which audits it
and tells the screens, so tallies and results update live.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.projects.views.common import signed_in_user

from ..selectors.participants import participant_for_removal, participant_rows
from ..services.participation import participant_label, participant_remove
from .facilitate import workshop_to_facilitate


@login_required
def participant_list(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    context = {"project": project, "workshop": workshop, "participants": participant_rows(workshop=workshop)}
    return render(request, "workshops/participant_list.html", context)


@login_required
def participant_remove_page(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, participant_id: uuid.UUID
) -> HttpResponse:
    """GET: what would be removed, and a button to confirm. POST: remove."""
    project, workshop = workshop_to_facilitate(request, project_id, workshop_id)
    participant = participant_for_removal(workshop=workshop, public_id=participant_id)
    if request.method == "POST":
        label = participant_label(participant)
        participant_remove(participant=participant, by=signed_in_user(request))
        messages.success(request, f"{label} and everything they contributed have been removed")
        return redirect("workshops:participant_list", project_id=project_id, workshop_id=workshop_id)
    context = {"project": project, "workshop": workshop, "participant": participant}
    return render(request, "workshops/participant_remove.html", context)
