"""Pages for eligibility criteria and title-and-abstract screening."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coproduce.accounts.models import User
from coproduce.projects.access import access_project
from coproduce.projects.models import Project

from ..forms.screening import CriterionForm, ScreenForm
from ..queue import ACTIVE, RANDOM, screening_next, screening_stopping_test
from ..selectors.screening import criterion_list, screenable_references, screening_progress
from ..services.screening import criterion_create, criterion_update, reference_screen


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def criteria(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id)
    context = {"project": project, "criteria": criterion_list(project=project)}
    return render(request, "evidence/criterion_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create_view(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need="manage_evidence")
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        criterion_create(project=project, by=_user(request), **form.cleaned_data)
        messages.success(request, "Criterion added.")
        return redirect("evidence:criteria", project_id=project.public_id)
    return render(request, "evidence/criterion_form.html", {"project": project, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, project_id: uuid.UUID, criterion_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need="manage_evidence")
    criterion = get_object_or_404(criterion_list(project=project), pk=criterion_id)
    initial = {"kind": criterion.kind, "label": criterion.label, "description": criterion.description}
    form = CriterionForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        criterion_update(
            criterion=criterion,
            label=form.cleaned_data["label"],
            description=form.cleaned_data["description"],
            by=_user(request),
        )
        messages.success(request, "Criterion saved.")
        return redirect("evidence:criteria", project_id=project.public_id)
    context = {"project": project, "form": form, "criterion": criterion}
    return render(request, "evidence/criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need="screen")
    order = RANDOM if request.GET.get("order") == RANDOM else ACTIVE
    if request.method == "GET":
        return _screen_page(request, project, order, form=None)
    form = ScreenForm(request.POST, project=project)
    if form.is_valid():
        reference = get_object_or_404(
            screenable_references(project=project), pk=form.cleaned_data["reference_id"]
        )
        try:
            reference_screen(
                reference=reference,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                offered_as=form.cleaned_data["offered_as"],
                by=_user(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(
                reverse("evidence:screen", kwargs={"project_id": project.public_id}) + f"?order={order}"
            )
    return _screen_page(request, project, order, form=form)


def _screen_page(
    request: HttpRequest, project: Project, order: str, *, form: ScreenForm | None
) -> HttpResponse:
    """The screening page: the next record, or (after a refused decision) the same record with the errors."""
    upcoming = screening_next(project=project, order=order)
    reference = upcoming.reference
    if form is None:
        initial = {"reference_id": reference.pk if reference else 0, "offered_as": upcoming.offered_as}
        form = ScreenForm(project=project, initial=initial)
    else:
        posted = (
            screenable_references(project=project)
            .filter(pk=form.cleaned_data.get("reference_id") or 0)
            .first()
        )
        reference = posted or reference
    context = {
        "project": project,
        "form": form,
        "reference": reference,
        "upcoming": upcoming,
        "order": order,
        "progress": screening_progress(project=project),
        "stopping": screening_stopping_test(project=project),
        "criteria": criterion_list(project=project),
    }
    return render(request, "evidence/screen.html", context, status=400 if form.is_bound else 200)
