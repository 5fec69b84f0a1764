"""Changing or undoing a screening decision (record page, screening page), and prior knowledge."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import EditConflict, record_version
from coproduce.evidence.forms.decisions import (
    DecisionForm,
    PriorMarkForm,
    PriorSeedForm,
    UndoForm,
    UndoLastForm,
)
from coproduce.evidence.models import ScreeningDecision, ScreeningStage
from coproduce.evidence.queue import RANDOM
from coproduce.evidence.selectors import references as selectors
from coproduce.evidence.selectors.history import (
    blind_for_now,
    decision_history,
    decision_seen,
    decision_version,
)
from coproduce.evidence.selectors.priors import prior_history, prior_labels
from coproduce.evidence.selectors.screening import screenable_references
from coproduce.evidence.services.priors import prior_knowledge_mark, prior_knowledge_seed
from coproduce.evidence.services.screening import decision_change, decision_withdraw
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

NOT_UNDONE = (
    "Your decision on record {pk} changed after this page was opened (in another tab?), so it was not undone"
)


def record_page(
    request: HttpRequest, project: Project, pk: int, *, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    """The record page: the record, its decision history, and the viewer's own decision to change or undo."""
    reference = selectors.reference_get(project=project, pk=pk)
    user = signed_in_user(request)
    mine = decision_seen(reference=reference, screener_id=user.pk, own=True)
    if form is None:
        initial = {"decision": mine.decision, "reason": mine.reason_id, "note": mine.note} if mine else {}
        initial["version"] = decision_version(reference=reference, screener_id=user.pk)
        form = DecisionForm(project=project, initial=initial)
    if mine is not None:
        form.fields["decision"].label = "Change your decision to"
    marks = list(prior_history(reference_id=reference.pk))
    blind = blind_for_now(reference=reference)
    history = decision_history(reference=reference, only_by=user.pk if blind else None)
    context: dict[str, Any] = {
        "project": project,
        "reference": reference,
        "history": history,
        "counting": any(entry.counts for entry in history),
        "blind": blind,
        "mine": mine,
        "form": form,
        "undo": UndoForm(initial={"version": record_version(mine)}),
        "prior": prior_labels(project=project).get(reference.pk),
        "prior_mark": marks[-1] if marks else None,
    }
    return render(request, "evidence/reference_detail.html", context, status=status)


@login_required
@require_POST
def decision_change_view(request: HttpRequest, project_id: uuid.UUID, pk: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    reference = get_object_or_404(screenable_references(project=project), pk=pk)
    form = DecisionForm(request.POST, project=project)
    if form.is_valid():
        try:
            decision_change(reference=reference, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Your decision on record {reference.pk} has been saved")
            return redirect(reference.get_absolute_url())
    return record_page(request, project, pk, form=form, status=409 if _conflicted(form) else 400)


def _conflicted(form: DecisionForm) -> bool:
    return bool(getattr(form, "has_edit_conflict", False))


@login_required
@require_POST
def decision_undo_view(request: HttpRequest, project_id: uuid.UUID, pk: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    reference = get_object_or_404(screenable_references(project=project), pk=pk)
    form = UndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Open the record again and undo your decision from there")
        return redirect(reference.get_absolute_url())
    try:
        decision_withdraw(
            reference=reference, by=signed_in_user(request), version=form.cleaned_data["version"]
        )
    except EditConflict:
        messages.error(request, NOT_UNDONE.format(pk=reference.pk) + ": it is shown below as it is now")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Your decision on record {reference.pk} has been undone")
    return redirect(reference.get_absolute_url())


@login_required
@require_POST
def screen_undo(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """The screening page's Undo: take back the decision just made; the record is then offered again."""
    project = access_project(request.user, project_id, need=Need.SCREEN)
    user = signed_in_user(request)
    form = UndoLastForm(request.POST)
    screen_url = reverse("evidence:screen", kwargs={"project_id": project.public_id})
    screen_url += "?order=random" if request.GET.get("order") == RANDOM else ""
    if not form.is_valid():
        messages.error(request, "There was no decision to undo")
        return redirect(screen_url)
    mine = ScreeningDecision.objects.filter(
        reference__project=project, screened_by=user, stage=ScreeningStage.TITLE_ABSTRACT
    )
    row = get_object_or_404(mine.select_related("reference"), pk=form.cleaned_data["decision_id"])
    try:
        decision_withdraw(reference=row.reference, by=user, version=record_version(row))
    except EditConflict:
        messages.error(request, NOT_UNDONE.format(pk=row.reference_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Your decision on record {row.reference_id} has been undone")
    return redirect(screen_url)


@login_required
@require_http_methods(["GET", "POST"])
def prior_knowledge(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Seed the ranking with records the team already knows, pasted as DOIs or titles; lists those marked."""
    project = access_project(request.user, project_id, need=Need.SCREEN)
    form = PriorSeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            marked = prior_knowledge_seed(project=project, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{len(marked)} record{'s' if len(marked) != 1 else ''} marked")
            return redirect("evidence:prior_knowledge", project_id=project.public_id)
    labels = prior_labels(project=project)
    records = selectors.reference_list(project=project, ids=set(labels), include_duplicates=False)
    context = {"project": project, "form": form, "records": [(r, labels[r.pk]) for r in records]}
    return render(request, "evidence/prior_knowledge.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def prior_knowledge_mark_view(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Mark the records chosen on the records list or a record page; back to where the button was."""
    project = access_project(request.user, project_id, need=Need.SCREEN)
    form = PriorMarkForm(request.POST, project=project)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("evidence:reference_list", kwargs={"project_id": project.public_id})
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        marked = prior_knowledge_mark(project=project, by=signed_in_user(request), **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Prior knowledge changed on {len(marked)} record{'s' if len(marked) != 1 else ''}"
        )
    return redirect(back)
