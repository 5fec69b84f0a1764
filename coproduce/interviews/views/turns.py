"""Correcting a transcript's speakers and turns: the turns page, and a page for each change."""

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

from coproduce.accounts.models import User
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import EditConflict, form_version_track, rows_version
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms import SpeakerMergeForm, SpeakerRenameForm, TurnJoinForm, TurnSpeakerForm, TurnSplitForm
from ..models import Interview, Transcript, TranscriptTurn
from ..selectors.interviews import interview_get, transcript_get
from ..selectors.speakers import speaker_turns
from ..selectors.turns import speaker_labels, speaker_rows, turn_get, turn_rows
from ..services import turns as services

STALE_JOIN = (
    "Someone else changed the speakers or turns since you opened this page, so nothing was joined. Check the "
    "turns below, then join again if you still need to."
)
Act = Callable[[TranscriptTurn, User, dict[str, Any]], str]


def _transcript(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID
) -> tuple[Project, Interview, Transcript]:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    interview = interview_get(project=project, public_id=interview_id)
    return project, interview, transcript_get(interview=interview)


def _to_turns(project_id: uuid.UUID, interview_id: uuid.UUID, turn_id: int | None = None) -> HttpResponse:
    url = reverse(
        "interviews:transcript_turns", kwargs={"project_id": project_id, "interview_id": interview_id}
    )
    return redirect(f"{url}#turn-{turn_id}" if turn_id else url)


@login_required
def transcript_turns(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project, interview, transcript = _transcript(request, project_id, interview_id)
    turns = turn_rows(transcript=transcript)
    context = {
        "project": project, "interview": interview, "transcript": transcript, "turns": turns,
        "speakers": speaker_rows(transcript=transcript, turns=turns),
        "version": rows_version(speaker_turns(transcript=transcript)),
    }  # fmt: skip
    return render(request, "interviews/transcript_turns.html", context)


def _new(label: str, labels: list[str]) -> str:
    return (
        f" “{label}” is a new speaker: check who they are on the speakers page."
        if label not in labels
        else ""
    )


def _rename(turn: TranscriptTurn, by: User, data: dict[str, Any]) -> str:
    count = services.speaker_rename(turn=turn, by=by, name=data["name"], version=data["version"])
    return f"The speaker has been renamed in {count} turn{'s' if count != 1 else ''}"


def _merge(turn: TranscriptTurn, by: User, data: dict[str, Any]) -> str:
    count = services.speakers_merge(turn=turn, by=by, into=data["into"], version=data["version"])
    return f"The speakers have been merged: {count} turn{'s' if count != 1 else ''} changed speaker"


def _split(turn: TranscriptTurn, by: User, data: dict[str, Any]) -> str:
    labels = speaker_labels(transcript=turn.transcript)
    second = services.turn_split(
        turn=turn, by=by, words=data["words"], speaker=data["label"], version=data["version"]
    )
    return (
        f"Turn {turn.order} has been split in two: turn {second.order} is new.{_new(data['label'], labels)}"
    )


def _reassign(turn: TranscriptTurn, by: User, data: dict[str, Any]) -> str:
    labels = speaker_labels(transcript=turn.transcript)
    services.turn_reassign(turn=turn, by=by, speaker=data["label"], version=data["version"])
    return f"Turn {turn.order} has a new speaker.{_new(data['label'], labels)}"


# Each change's page (`page` in the URL's extra arguments): its form, what it does, and its button.
PAGES: dict[str, tuple[type[Any], Act, str]] = {
    "rename": (SpeakerRenameForm, _rename, "Rename the speaker"),
    "merge": (SpeakerMergeForm, _merge, "Merge the speakers"),
    "split": (TurnSplitForm, _split, "Split the turn"),
    "reassign": (TurnSpeakerForm, _reassign, "Change the speaker"),
}


@login_required
def turn_edit(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID, turn_id: int, page: str
) -> HttpResponse:
    """A page with one form about a turn or its speaker: shown, then its change made on a valid post."""
    form_class, act, button = PAGES[page]
    project, interview, transcript = _transcript(request, project_id, interview_id)
    turn = turn_get(transcript=transcript, pk=turn_id)
    post = request.POST if request.method == "POST" else None
    form = form_class(post, turn=turn, labels=speaker_labels(transcript=transcript))
    form_version_track(form, speaker_turns(transcript=transcript))
    if post is not None and form.is_valid():
        try:
            messages.success(request, act(turn, signed_in_user(request), form.cleaned_data))
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return _to_turns(project_id, interview_id, turn.pk)
    context = {"project": project, "interview": interview, "turn": turn, "form": form, "page": page,
               "button_label": button, "words": transcript.text[turn.start : turn.end]}  # fmt: skip
    return render(request, "interviews/turn_edit.html", context)


@require_POST
@login_required
def turn_join(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID, turn_id: int
) -> HttpResponse:
    _, _, transcript = _transcript(request, project_id, interview_id)
    turn = turn_get(transcript=transcript, pk=turn_id)
    form = TurnJoinForm(request.POST)
    form.is_valid()
    try:
        joined = services.turn_join(
            turn=turn, by=signed_in_user(request), version=form.cleaned_data["version"]
        )
    except EditConflict:
        messages.error(request, STALE_JOIN)
        return _to_turns(project_id, interview_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_turns(project_id, interview_id)
    messages.success(request, f"Turn {turn.order} has been joined to turn {joined.order}")
    return _to_turns(project_id, interview_id, joined.pk)
