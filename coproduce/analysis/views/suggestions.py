"""Suggestions a researcher may take or leave: codes that may apply to some words, and segments like one.

Nothing here codes anything by itself: only the accept button (a POST by someone who may code) applies a
code, and the coding then records the model that suggested it.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coproduce.interviews.models import Transcript
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import suggestions as engine
from ..forms.suggestions import AcceptForm, SpanForm
from ..selectors import coding as coding_selectors
from ..selectors import suggestions as selectors
from ..selectors.agreement import blind_to
from ..services.suggestions import suggestion_accept as accept_service


def _coding_page(project: Project, interview_id: object, turn: int | None = None) -> str:
    url = reverse(
        "analysis:transcript_code", kwargs={"project_id": project.public_id, "interview_id": interview_id}
    )
    return f"{url}#turn-{turn}" if turn else url


def _span(form: SpanForm, transcript: Transcript) -> tuple[int, int] | None:
    span = form.span()
    if span is None and form.is_valid() and form.cleaned_data.get("turn"):
        span = selectors.turn_span(transcript=transcript, order=form.cleaned_data["turn"])
        if span is None:
            form.add_error("turn", "There is no turn with this number in the transcript")
    if span is not None and not span[1] <= len(transcript.text):
        form.add_error(None, "These words are not in the transcript")
        return None
    return span


def _may_code(project: Project) -> bool:
    return bool(project.viewer_role and project.viewer_role.can_code())


@login_required
def code_suggestions(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    transcript = coding_selectors.coding_transcript_get(project=project, public_id=interview_id)
    user = signed_in_user(request)
    form = SpanForm(request.GET or None)
    span = _span(form, transcript)
    blind = blind_to(transcript=transcript, user=user)
    suggestions: list[engine.CodeSuggestion] = []
    applied: set[int] = set()
    if span is not None:
        suggestions = engine.codes_ranked(
            project=project, text=transcript.text[span[0] : span[1]],
            hide_others_on=transcript.pk if blind else None, viewer_id=user.pk,
        )  # fmt: skip
        applied = selectors.codes_on_span(
            transcript=transcript, start=span[0], end=span[1], coder_id=user.pk if blind else None
        )
    turn = selectors.turn_at(transcript=transcript, offset=span[0]) if span else None
    context = {
        "project": project, "interview": transcript.interview, "transcript": transcript, "form": form,
        "span": span, "words": transcript.text[span[0] : span[1]] if span else "", "turn": turn,
        "suggestions": suggestions, "applied": applied, "may_code": _may_code(project),
        "model": engine.model_name(project), "back": _coding_page(project, interview_id, turn),
        "next": request.get_full_path(),
    }  # fmt: skip
    if getattr(request, "htmx", False):
        context["next"] = context["back"]
        return render(request, "analysis/suggestion_list.html", context)
    return render(request, "analysis/suggestions.html", context)


@login_required
def similar_segments(request: HttpRequest, project_id: uuid.UUID, coding_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    coding = coding_selectors.coding_get(project=project, pk=coding_id)
    found = engine.passages_like(
        project=project, text=coding.snippet, skip=selectors.code_spans(project=project, code=coding.code)
    )
    rows = selectors.passage_rows(found=[(item.passage, item.score) for item in found])
    context = {
        "project": project, "coding": coding, "code": coding.code, "rows": rows,
        "person": coding.transcript.interview.stakeholder.code, "may_code": _may_code(project),
        "model": engine.model_name(project), "next": request.get_full_path(),
        "back": _coding_page(project, coding.transcript.interview.public_id),
    }  # fmt: skip
    return render(request, "analysis/similar_segments.html", context)


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The suggestion could not be applied: open the suggestions again")
        return redirect("analysis:coding_list", project_id=project.public_id)
    data = form.cleaned_data
    transcript = coding_selectors.coding_transcript_get(project=project, public_id=data["interview_id"])
    codes = coding_selectors.codes_get(project=project, public_ids=[str(data["code"])])
    turn = selectors.turn_at(transcript=transcript, offset=data["start"])
    target = data["next"] or _coding_page(project, data["interview_id"], turn)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = _coding_page(project, data["interview_id"], turn)
    try:
        if not codes:
            raise ValidationError("Choose a code from this project's codebook")
        coding = accept_service(
            transcript=transcript, code=codes[0], by=signed_in_user(request),
            start=data["start"], end=data["end"], model=engine.model_name(project),
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    snippet = coding.snippet if len(coding.snippet) <= 80 else coding.snippet[:79] + "…"
    messages.success(request, f"Applied “{coding.code.name}” to “{snippet}”")
    return redirect(target)
