"""Importing a transcript, reading it by speaker turn, naming speakers, and pseudonymising it."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.people.selectors import stakeholder_list
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need, may_read_transcript
from coproduce.projects.views.common import signed_in_user

from ..entities import name_finder_available
from ..forms import RedactWordsForm, SpeakersForm, TranscriptUploadForm, UndecidedRedactionsForm
from ..models import RedactionStatus, Transcript
from ..redaction import NAMES_PENDING
from ..selectors.interviews import (
    interview_get,
    labelled_share,
    pending_redaction_count,
    redaction_get,
    redaction_list,
    transcript_get,
)
from ..selectors.redactions import suggestion_rows
from ..selectors.speakers import speaker_hints, speaker_turns, speakers_current
from ..services import names, speakers
from ..services import transcripts as services


@login_required
def transcript_upload(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    post = request.method == "POST"
    form = TranscriptUploadForm(request.POST if post else None, request.FILES if post else None)
    if post and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.transcript_import(
                interview=interview, by=signed_in_user(request), data=upload.read(), filename=upload.name,
                interviewer_names=form.names(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(
                request,
                "The transcript has been imported. Check who each speaker is while names to redact are "
                "looked for.",
            )
            return redirect(
                "interviews:transcript_speakers", project_id=project_id, interview_id=interview_id
            )
    return render(
        request,
        "interviews/transcript_upload.html",
        {"project": project, "interview": interview, "form": form},
    )


@login_required
def transcript_detail(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = transcript_get(interview=interview)
    personal = bool(project.viewer_role and project.viewer_role.can_view_personal_data())
    if not may_read_transcript(
        role=project.viewer_role, pseudonymised=transcript.redaction_done_at is not None
    ):
        raise PermissionDenied("This transcript is still being pseudonymised")
    context = {"project": project, "interview": interview, "transcript": transcript, "personal": personal,
               "pending": pending_redaction_count(transcript=transcript)}  # fmt: skip
    if _polled(request):
        return render(request, "interviews/transcript_detail.html#names", context)
    original = personal and request.GET.get("text") == "original" and transcript.original_cleared_at is None
    source = transcript.original_text if original else transcript.text
    turns = [
        (turn, source[turn.original_start : turn.original_end] if original else source[turn.start : turn.end])
        for turn in transcript.turns.select_related("stakeholder")
    ]
    context |= {"turns": turns, "original": original, "labelled_share": labelled_share(transcript=transcript)}
    return render(request, "interviews/transcript_detail.html", context)


def _polled(request: HttpRequest) -> bool:
    """The page asks for its "names" fragment again while names are looked for (HTMX)."""
    return request.headers.get("HX-Request") == "true"


@login_required
def transcript_speakers(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = transcript_get(interview=interview)
    form = SpeakersForm(
        request.POST if request.method == "POST" else None,
        speakers=speakers_current(transcript=transcript),
        people=list(stakeholder_list(project=project)),
        hints=speaker_hints(transcript=transcript),
    )
    form_version_track(form, speaker_turns(transcript=transcript))
    if request.method == "POST" and form.is_valid():
        try:
            speakers.transcript_speakers_set(
                transcript=transcript, by=signed_in_user(request), speakers=form.speakers(),
                version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The speakers have been saved")
            return redirect("interviews:transcript_redact", project_id=project_id, interview_id=interview_id)
    context = {"project": project, "interview": interview, "transcript": transcript, "form": form}
    return render(request, "interviews/transcript_speakers.html", context)


@login_required
def transcript_redact(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = transcript_get(interview=interview)
    form = RedactWordsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.redaction_add_words(
                transcript=transcript, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("words", error.messages)
        else:
            messages.success(request, f"Redacted in {count} place{'s' if count != 1 else ''}")
            return redirect("interviews:transcript_redact", project_id=project_id, interview_id=interview_id)
    context = {
        "project": project, "interview": interview, "transcript": transcript, "form": form,
        "suggested": suggestion_rows(transcript=transcript),
        "decided": redaction_list(transcript=transcript).exclude(status=RedactionStatus.SUGGESTED),
        "name_finder": name_finder_available(),
    }  # fmt: skip
    template = "interviews/transcript_redact.html" + ("#names" if _polled(request) else "")
    return render(request, template, context)


@require_POST
@login_required
def redaction_decide(
    request: HttpRequest,
    project_id: uuid.UUID,
    interview_id: uuid.UUID,
    redaction_id: int,
    every_place: bool = False,
) -> HttpResponse:
    """Redact or keep one suggestion, or (`every_place`, its own URL) every place its words appear."""
    transcript = _managed_transcript(request, project_id, interview_id)
    redaction = redaction_get(transcript=transcript, pk=redaction_id)
    decide = services.redaction_decide_all if every_place else services.redaction_decide
    try:
        decide(redaction=redaction, by=signed_in_user(request), accept=request.POST.get("accept") == "yes")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_suggestions(project_id, interview_id)


@require_POST
@login_required
def redactions_suggest_again(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    transcript = _managed_transcript(request, project_id, interview_id)
    was_done = transcript.redaction_done_at is not None
    try:
        names.redactions_suggest_again(transcript=transcript, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        reopened = (
            " The transcript is not marked as pseudonymised until then, or until anything new is decided."
            if was_done
            else ""
        )
        messages.success(request, f"Looking for names again: new suggestions will appear here.{reopened}")
    return _to_suggestions(project_id, interview_id)


def _managed_transcript(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> Transcript:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    return transcript_get(interview=interview_get(project=project, public_id=interview_id))


def _to_suggestions(project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    url = reverse(
        "interviews:transcript_redact", kwargs={"project_id": project_id, "interview_id": interview_id}
    )
    return redirect(f"{url}#suggested")


@require_POST
@login_required
def transcript_pseudonymised(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = transcript_get(interview=interview)
    if transcript.names_pending:
        messages.error(request, NAMES_PENDING)
        return redirect("interviews:transcript_redact", project_id=project_id, interview_id=interview_id)
    pending = pending_redaction_count(transcript=transcript)
    form = UndecidedRedactionsForm(request.POST if "undecided_asked" in request.POST else None)
    if pending and not form.is_valid():
        context = {"project": project, "interview": interview, "form": form, "pending": pending}
        return render(request, "interviews/transcript_pseudonymise_confirm.html", context)
    try:
        services.transcript_redaction_finish(
            transcript=transcript, by=signed_in_user(request),
            undecided=form.cleaned_data["undecided"] if pending else "refuse",
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interviews:transcript_redact", project_id=project_id, interview_id=interview_id)
    messages.success(request, "The transcript is pseudonymised and the team can read it")
    return redirect("interviews:transcript_detail", project_id=project_id, interview_id=interview_id)
