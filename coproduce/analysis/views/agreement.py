"""Inter-coder agreement on a transcript: assign two coders, measure, and settle differences side by side."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.interviews.selectors.interviews import interview_get, transcript_get
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.agreement import AgreementForm, PairForm
from ..models import Code, Coding
from ..selectors.agreement import agreement_rows, coders_eligible, coders_of, side_by_side
from ..services.agreement import coding_adjudicate, coding_pair_assign, coding_pair_close


@login_required
def agreement(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = transcript_get(interview=interview)
    coders = coders_of(transcript=transcript)
    initial: dict[str, Any] = {"first": coders[0], "second": coders[1]} if len(coders) >= 2 else {}
    form = AgreementForm(request.GET or None, coders=coders, initial=initial)
    chosen: dict[str, Any] = (
        form.cleaned_data if form.is_valid() else initial | {"unit": "characters", "uncoded": "yes"}
    )
    rows = []
    if chosen.get("first") and chosen.get("second"):
        rows = agreement_rows(
            transcript=transcript,
            first=chosen["first"],
            second=chosen["second"],
            unit=chosen["unit"],
            uncoded=chosen["uncoded"] == "yes",
        )
    context = {
        "project": project,
        "interview": interview,
        "form": form,
        "rows": rows,
        "chosen": chosen,
        "pair_form": PairForm(
            members=coders_eligible(project_id=project.pk), initial=initial | {"blind": True}
        ),
    }
    return render(request, "analysis/agreement.html", context)


@require_POST
@login_required
def pair_assign(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    transcript = transcript_get(interview=interview_get(project=project, public_id=interview_id))
    form = PairForm(request.POST, members=coders_eligible(project_id=project.pk))
    if form.is_valid():
        data = form.cleaned_data
        try:
            coding_pair_assign(
                transcript=transcript,
                by=signed_in_user(request),
                coders=[data["first"], data["second"]],
                blind=data["blind"],
            )
            messages.success(request, "The two coders have been assigned")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Choose two different coders")
    return redirect("analysis:agreement", project_id=project_id, interview_id=interview_id)


@login_required
def adjudicate(
    request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID, code_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    interview = interview_get(project=project, public_id=interview_id)
    transcript = transcript_get(interview=interview)
    code = get_object_or_404(Code, project=project, public_id=code_id)
    coders = coders_of(transcript=transcript)
    form = AgreementForm(request.GET or None, coders=coders)
    pair = [form.cleaned_data["first"], form.cleaned_data["second"]] if form.is_valid() else coders[:2]
    first, second = (pair[0], pair[1]) if len(pair) == 2 else (None, None)
    rows = (
        side_by_side(transcript=transcript, code=code, first=first, second=second) if first and second else []
    )
    context = {
        "project": project,
        "interview": interview,
        "code": code,
        "rows": rows,
        "first": first,
        "second": second,
    }
    return render(request, "analysis/adjudicate.html", context)


@require_POST
@login_required
def adjudicate_coding(request: HttpRequest, project_id: uuid.UUID, coding_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    coding = get_object_or_404(
        Coding.objects.select_related("code", "transcript__interview"), pk=coding_id, code__project=project
    )
    keep = request.POST.get("keep") == "yes"
    coding_adjudicate(coding=coding, by=signed_in_user(request), keep=keep)
    messages.success(request, f"The coding of “{coding.snippet[:60]}” was {'kept' if keep else 'removed'}")
    url = reverse(
        "analysis:adjudicate",
        kwargs={
            "project_id": project_id,
            "interview_id": coding.transcript.interview.public_id,
            "code_id": coding.code.public_id,
        },
    )
    return redirect(f"{url}?{request.POST.get('query', '')}" if request.POST.get("query") else url)


@require_POST
@login_required
def pair_close(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    transcript = transcript_get(interview=interview_get(project=project, public_id=interview_id))
    coding_pair_close(transcript=transcript, by=signed_in_user(request))
    messages.success(request, "Agreement is settled: the coders now see each other's codings")
    return redirect("analysis:agreement", project_id=project_id, interview_id=interview_id)
