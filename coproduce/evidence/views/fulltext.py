"""Pages for the full-text stage: records included at title and abstract, their full texts and decisions."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.models import User
from coproduce.core.downloads import attachment_disposition
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need

from ..forms.fulltext import FullTextAttachForm, FullTextScreenForm
from ..models import ScreeningStage
from ..selectors.fulltext import fulltext_candidate_get, fulltext_get, fulltext_list
from ..selectors.screening import criterion_list
from ..services.fulltext import fulltext_attach
from ..services.screening import reference_screen


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 narrows the type; never false when the code is right
    return request.user


@login_required
def fulltext_list_view(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    rows = fulltext_list(project=project)
    waiting = [row for row in rows if row.decision is None]
    context = {"project": project, "rows": rows, "waiting": len(waiting)}
    return render(request, "evidence/fulltext_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fulltext_attach_view(request: HttpRequest, project_id: uuid.UUID, record_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    reference = fulltext_candidate_get(project=project, pk=record_id)
    form = FullTextAttachForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            fulltext_attach(reference=reference, by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Full text of record {reference.pk} saved.")
            return redirect("evidence:fulltext_screen", project_id=project.public_id, record_id=reference.pk)
    context = {"project": project, "reference": reference, "form": form}
    return render(request, "evidence/fulltext_attach.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def fulltext_screen(request: HttpRequest, project_id: uuid.UUID, record_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    reference = fulltext_candidate_get(project=project, pk=record_id)
    form = FullTextScreenForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            reference_screen(
                reference=reference, stage=ScreeningStage.FULL_TEXT, by=_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Full-text decision on record {reference.pk} saved.")
            return redirect("evidence:fulltext_list", project_id=project.public_id)
    context = {
        "project": project,
        "reference": reference,
        "full_text": fulltext_get(reference=reference),
        "form": form,
        "criteria": criterion_list(project=project),
    }
    return render(request, "evidence/fulltext_screen.html", context, status=400 if form.errors else 200)


@login_required
def fulltext_file(request: HttpRequest, project_id: uuid.UUID, record_id: int) -> FileResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    full_text = fulltext_get(reference=fulltext_candidate_get(project=project, pk=record_id))
    if full_text is None or not full_text.file:
        raise Http404("No PDF attached")
    response = FileResponse(full_text.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(f"record-{record_id}.pdf")
    return response
