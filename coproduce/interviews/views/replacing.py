"""Replacing a transcript with a corrected file: choose the file, check the preview, confirm.

Between the preview and the confirmation the file is kept in the database for the person who chose it (half
an hour; services/replacing.py), so the confirmation may reach any web process; nothing is saved to the
transcript until they confirm.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms import TranscriptRemoveForm, TranscriptUploadForm
from ..models import Interview, TranscriptReplacement
from ..selectors.interviews import interview_get, transcript_get
from ..selectors.replacing import ReplacePlan, transcript_replace_plan, transcript_replacement_get
from ..services.replacing import EXPIRED, transcript_replacement_confirm, transcript_replacement_keep


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
        data, filename = upload.read(), upload.name
        try:
            plan = transcript_replace_plan(transcript=context["transcript"], data=data, filename=filename)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            transcript_replacement_keep(
                transcript=context["transcript"], by=signed_in_user(request), data=data, filename=filename,
                interviewer_names=form.names(),
            )  # fmt: skip
            return _preview(request, context, plan)
    return render(request, "interviews/transcript_replace.html", context | {"form": form})


@require_POST
@login_required
def transcript_replace_confirm(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    context = _page(request, project_id, interview_id)
    transcript = context["transcript"]
    kept = transcript_replacement_get(transcript=transcript, user=signed_in_user(request))
    try:
        if kept is None:
            raise ValidationError(EXPIRED, code="expired")
        plan = transcript_replacement_confirm(
            replacement=kept, by=signed_in_user(request), version=request.POST.get("version", "")
        )
    except ValidationError as error:
        return _refused(request, context, kept, error)
    messages.success(
        request,
        f"The transcript has been replaced: {len(plan.kept)} coding{pluralize(len(plan.kept))} kept, "
        f"{len(plan.lost)} dropped. Check who each speaker is while names to redact are looked for again.",
    )
    return redirect("interviews:transcript_speakers", project_id=project_id, interview_id=interview_id)


def _refused(
    request: HttpRequest, context: dict[str, Any], kept: TranscriptReplacement | None, error: ValidationError
) -> HttpResponse:
    """The file is gone (choose it again), or the transcript changed (a new preview), or it cannot be
    replaced any more (say why)."""
    interview: Interview = context["interview"]
    if kept is None or error.code == "expired":
        messages.error(request, " ".join(error.messages))
        return redirect(
            "interviews:transcript_replace",
            project_id=interview.project.public_id,
            interview_id=interview.public_id,
        )
    transcript = context["transcript"]
    transcript.refresh_from_db()
    try:
        fresh = transcript_replace_plan(transcript=transcript, data=bytes(kept.raw), filename=kept.filename)
    except ValidationError as refused:  # e.g. the original text was deleted meanwhile
        messages.error(request, " ".join(refused.messages))
        return redirect(interview)
    return _preview(request, context, fresh, " ".join(error.messages))
