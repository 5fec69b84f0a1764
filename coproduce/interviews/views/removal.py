"""Removing an interview's transcript, after a page that says what goes with it."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms import TranscriptRemoveForm
from ..selectors.interviews import interview_get, transcript_get
from ..selectors.removal import transcript_losses, transcript_removal_version
from ..services.removal import transcript_remove as remove


@login_required
def transcript_remove(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = transcript_get(interview=interview)
    version = transcript_removal_version(transcript=transcript)
    form = TranscriptRemoveForm(initial={"version": version})
    if request.method == "POST":
        try:
            remove(transcript=transcript, by=signed_in_user(request), version=request.POST.get("version"))
        except ValidationError as error:
            # What is lost is counted again; the page says why and carries the new count's version.
            form = TranscriptRemoveForm({"version": transcript_removal_version(transcript=transcript)})
            form.is_valid()
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The transcript has been removed. You can import another.")
            return redirect(interview)
    context = {"project": project, "interview": interview, "transcript": transcript, "form": form,
               "losses": transcript_losses(transcript=transcript)}  # fmt: skip
    return render(request, "interviews/transcript_remove.html", context)
