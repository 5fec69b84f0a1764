"""Coding transcripts: the transcripts to code, the coding page, applying and removing codes, memos."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from coproduce.accounts.models import User
from coproduce.core.forms import form_add_service_errors
from coproduce.interviews.models import Transcript
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.coding import CodingForm, CodingMemoForm
from ..selectors import coding as selectors
from ..selectors.agreement import blind_to
from ..services.codings import coding_create as coding_apply
from ..services.codings import coding_delete as coding_remove
from ..services.memos import memo_create
from ..tasks import suggestion_index_prepare_if_missing
from .coding_turns import Margin, turns_html


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, for type checking."""

    htmx: HtmxDetails


def _page_url(project: Project, transcript: Transcript, anchor: str = "") -> str:
    url = reverse(
        "analysis:transcript_code",
        kwargs={"project_id": project.public_id, "interview_id": transcript.interview.public_id},
    )
    return f"{url}#{anchor}" if anchor else url


def _blind(transcript: Transcript, user: User) -> int | None:
    """A blind coder's own id: they see only their codings until the pair is settled."""
    return user.pk if blind_to(transcript=transcript, user=user) else None


def _page(request: HttpRequest, project: Project, transcript: Transcript, **forms: Any) -> HttpResponse:
    user = signed_in_user(request)
    choices = selectors.code_choices(project=project)
    turns = selectors.coded_turns(transcript=transcript, only_coder=_blind(transcript, user))
    memo_on = request.GET.get("memo_on", "") or request.POST.get("coding", "")
    memo_on = memo_on if memo_on.isdigit() else ""
    memo_coding = selectors.coding_on_transcript(transcript=transcript, pk=int(memo_on)) if memo_on else None
    context = {
        "project": project, "interview": transcript.interview, "transcript": transcript, "turns": turns,
        "turns_html": turns_html(turns, _margin(request, project)),
        "choices": choices, "colours": selectors.code_colours(turns=turns, choices=choices),
        "form": forms.get("form") or CodingForm(codes=choices),
        "memo_form": forms.get("memo_form") or CodingMemoForm(initial={"coding": memo_on}),
        "memo_coding": memo_coding, "memos": selectors.transcript_memo_list(transcript=transcript),
        "version": selectors.coding_version(transcript=transcript, user=user),
        "may_code": bool(project.viewer_role and project.viewer_role.can_code()),
    }  # fmt: skip
    return render(request, "analysis/transcript_code.html", context)


def _turns(
    request: HttpRequest, project: Project, transcript: Transcript, span: tuple[int, int]
) -> HttpResponse:
    """The turns touching `span`, re-rendered from the database, for htmx to swap in place by id."""
    only = _blind(transcript, signed_in_user(request))
    turns = selectors.coded_turns(transcript=transcript, span=span, only_coder=only)
    return HttpResponse(turns_html(turns, _margin(request, project), oob=True))


def _margin(request: HttpRequest, project: Project) -> Margin:
    """Who may remove which codings, and their removal address (built once, not once per coding)."""
    url = reverse("analysis:coding_delete", kwargs={"project_id": project.public_id, "coding_id": 0})
    prefix, suffix = url.rsplit("/0/", 1)
    role, user = project.viewer_role, signed_in_user(request)
    return Margin(
        csrf_token=get_token(request), user_id=user.pk, may_code=bool(role and role.can_code()), role=role,
        delete_prefix=prefix + "/", delete_suffix="/" + suffix,
    )  # fmt: skip


@login_required
def coding_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    transcripts = selectors.coding_transcript_list(project=project, user=signed_in_user(request))
    suggestion_index_prepare_if_missing(project=project)  # ready before the first suggestion is asked for
    return render(request, "analysis/coding_list.html", {"project": project, "transcripts": transcripts})


@login_required
def transcript_code(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    return _page(request, project, selectors.coding_transcript_get(project=project, public_id=interview_id))


@login_required
def transcript_code_partial(
    request: HtmxHttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    """Polled every 10 seconds: says so when others have added or removed codings since the page opened."""
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    transcript = selectors.coding_transcript_get(project=project, public_id=interview_id)
    if not request.htmx:
        return _page(request, project, transcript)
    version = selectors.coding_version(transcript=transcript, user=signed_in_user(request))
    seen = request.GET.get("version", "")
    if seen == version:
        return HttpResponse(status=204)
    context = {"project": project, "interview": transcript.interview, "version": seen or version,
               "changed": bool(seen)}  # fmt: skip
    return render(request, "analysis/transcript_code.html#updates", context)


def _span(form: CodingForm, transcript: Transcript) -> tuple[int, int] | None:
    data = form.cleaned_data
    if data.get("start") is not None and data.get("end") is not None:
        return data["start"], data["end"]
    after = selectors.turn_start(transcript=transcript, order=data.get("turn"))
    span = selectors.words_span(transcript=transcript, after=after, words=data["words"])
    if span is None:
        form.add_error("words", "These words are not in the transcript after the chosen turn")
    return span


@require_POST
@login_required
def coding_create(request: HtmxHttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    transcript = selectors.coding_transcript_get(project=project, public_id=interview_id)
    form = CodingForm(request.POST, codes=selectors.code_choices(project=project))
    span = _span(form, transcript) if form.is_valid() else None
    if span is not None:
        codes = selectors.codes_get(project=project, public_ids=form.cleaned_data["code"])
        try:
            codings = [coding_apply(transcript=transcript, code=code, by=signed_in_user(request),
                                    start=span[0], end=span[1]) for code in codes]  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if request.htmx:
                return _turns(request, project, transcript, (codings[0].start, codings[0].end))
            names = ", ".join(c.name for c in codes)
            messages.success(request, f"Coded “{codings[0].snippet[:80]}” with {names}")
            return redirect(_page_url(project, transcript, f"turn-text-{_turn_of(transcript, span[0])}"))
    if request.htmx:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponse(" ".join(problems), status=422, content_type="text/plain; charset=utf-8")
    return _page(request, project, transcript, form=form)


def _turn_of(transcript: Transcript, offset: int) -> int:
    turn = transcript.turns.filter(start__lte=offset).order_by("-start").first()
    return turn.order if turn else 0


@require_POST
@login_required
def coding_delete(request: HtmxHttpRequest, project_id: uuid.UUID, coding_id: int) -> HttpResponse:
    """Remove a coding: your own, or anyone's if you lead the project."""
    project = access_project(request.user, project_id, need=Need.CODE)
    coding = selectors.coding_get(project=project, pk=coding_id)
    transcript, user = coding.transcript, signed_in_user(request)
    span = (coding.start, coding.end)
    try:
        coding_remove(coding=coding, by=user)
    except PermissionDenied as refused:
        if request.htmx:
            return HttpResponse(str(refused), status=403)
        messages.error(request, str(refused))
        return redirect(_page_url(project, transcript))
    if request.htmx:
        return _turns(request, project, transcript, span)
    messages.success(request, f"Removed {coding.code.name} from “{coding.snippet[:80]}”")
    return redirect(_page_url(project, transcript, f"turn-text-{_turn_of(transcript, span[0])}"))


@require_POST
@login_required
def transcript_memo_create(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID
) -> HttpResponse:
    """A memo on the transcript, or on one coded segment of it."""
    project = access_project(request.user, project_id, need=Need.CODE)
    transcript = selectors.coding_transcript_get(project=project, public_id=interview_id)
    form = CodingMemoForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        coding = selectors.coding_get(project=project, pk=data["coding"]) if data["coding"] else None
        if coding is not None and coding.transcript_id != transcript.pk:
            raise Http404("No such coding on this transcript")
        try:
            memo_create(project=project, by=signed_in_user(request), text=data["text"], title=data["title"],
                        transcript=None if coding else transcript, coding=coding)  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The memo has been saved")
            anchor = f"turn-text-{_turn_of(transcript, coding.start)}" if coding else "memos"
            return redirect(_page_url(project, transcript, anchor))
    return _page(request, project, transcript, memo_form=form)
