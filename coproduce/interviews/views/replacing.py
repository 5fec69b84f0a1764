"""Replacing a transcript with a corrected file: choose the file, check the preview, confirm.

Between the preview and the confirmation the file is held in the cache for the person who chose it (half an
hour); nothing is saved to the transcript until they confirm.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms import TranscriptRemoveForm, TranscriptUploadForm
from ..models import Transcript
from ..selectors.interviews import interview_get, transcript_get
from ..selectors.replacing import ReplacePlan, transcript_replace_plan
from ..services.replacing import transcript_replace as replace

HOLD_SECONDS = 30 * 60
EXPIRED = "The preview is more than half an hour old, so the file was not kept. Choose it again."


def _held_key(request: HttpRequest, transcript: Transcript) -> str:
    return f"interviews:replace:{transcript.pk}:{request.user.pk}"


def _page(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> dict[str, Any]:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    return {"project": project, "interview": interview, "transcript": transcript_get(interview=interview)}


def _preview(
    request: HttpRequest, context: dict[str, Any], plan: ReplacePlan, error: str = ""
) -> HttpResponse:
    form = TranscriptRemoveForm({"version": plan.version})
    form.is_valid()
    if error:
        form.add_error(None, error)
    return render(
        request, "interviews/transcript_replace_preview.html", context | {"plan": plan, "form": form}
    )


@login_required
def transcript_replace(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    context = _page(request, project_id, interview_id)
    post = request.method == "POST"
    form = TranscriptUploadForm(request.POST if post else None, request.FILES if post else None)
    if post and form.is_valid():
        upload = form.cleaned_data["file"]
        held = {"data": upload.read(), "filename": upload.name, "names": form.names()}
        try:
            plan = transcript_replace_plan(
                transcript=context["transcript"], data=held["data"], filename=held["filename"]
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            cache.set(_held_key(request, context["transcript"]), held, HOLD_SECONDS)
            return _preview(request, context, plan)
    return render(request, "interviews/transcript_replace.html", context | {"form": form})


@require_POST
@login_required
def transcript_replace_confirm(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    context = _page(request, project_id, interview_id)
    transcript = context["transcript"]
    held = cache.get(_held_key(request, transcript))
    if held is None:
        messages.error(request, EXPIRED)
        return redirect("interviews:transcript_replace", project_id=project_id, interview_id=interview_id)
    try:
        plan = replace(
            transcript=transcript, by=signed_in_user(request), data=held["data"], filename=held["filename"],
            interviewer_names=held["names"], version=request.POST.get("version", ""),
        )  # fmt: skip
    except ValidationError as error:
        transcript.refresh_from_db()
        try:
            fresh = transcript_replace_plan(
                transcript=transcript, data=held["data"], filename=held["filename"]
            )
        except ValidationError as refused:  # e.g. the original text was deleted meanwhile
            messages.error(request, " ".join(refused.messages))
            return redirect(context["interview"])
        return _preview(request, context, fresh, " ".join(error.messages))
    cache.delete(_held_key(request, transcript))
    messages.success(
        request,
        f"The transcript has been replaced: {len(plan.kept)} coding{pluralize(len(plan.kept))} kept, "
        f"{len(plan.lost)} dropped. Check who each speaker is while names to redact are looked for again.",
    )
    return redirect("interviews:transcript_speakers", project_id=project_id, interview_id=interview_id)
