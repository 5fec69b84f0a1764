"""Choosing the two priority areas: criteria, candidates, scores, and the recorded decision."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.themes import CandidateForm, CriterionForm, DecisionForm, ScoresForm
from ..models import PriorityCandidate, PriorityCriterion, PriorityDecision
from ..selectors.priorities import (
    interested_people,
    priority_decision_latest,
    priority_score_list,
    priority_table,
)
from ..services import priorities as services


@login_required
def priority_overview(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    criteria, rows = priority_table(project=project)
    decision = priority_decision_latest(project=project)
    chosen = [(c, interested_people(candidate=c)) for c in decision.chosen.all()] if decision else []
    context = {
        "project": project,
        "criteria": criteria,
        "rows": rows,
        "decision": decision,
        "chosen": chosen,
        "history": PriorityDecision.objects.filter(project=project).prefetch_related("chosen"),
    }
    return render(request, "analysis/priority_overview.html", context)


@require_POST
@login_required
def criteria_default(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    services.priority_criteria_default(project=project, by=signed_in_user(request))
    messages.success(
        request, "The suggested criteria have been added: change their weights to suit the project"
    )
    return redirect("analysis:priority_overview", project_id=project_id)


@login_required
def criterion_form(
    request: HttpRequest, project_id: uuid.UUID, priority_criterion_id: int | None = None
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    criterion = (
        get_object_or_404(PriorityCriterion, project=project, pk=priority_criterion_id)
        if priority_criterion_id
        else None
    )
    initial = (
        {"name": criterion.name, "description": criterion.description, "weight": criterion.weight}
        if criterion
        else None
    )
    form = CriterionForm(request.POST if request.method == "POST" else None, initial=initial)
    if criterion:
        form_version_track(form, criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_criterion_save(
                project=project, by=signed_in_user(request), criterion=criterion, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The criterion has been saved")
            return redirect("analysis:priority_overview", project_id=project_id)
    return render(
        request,
        "analysis/priority_criterion_form.html",
        {"project": project, "form": form, "criterion": criterion},
    )


@login_required
def candidate_form(
    request: HttpRequest, project_id: uuid.UUID, area_id: uuid.UUID | None = None
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    candidate = get_object_or_404(PriorityCandidate, project=project, public_id=area_id) if area_id else None
    form = CandidateForm(
        request.POST if request.method == "POST" else None, project=project, candidate=candidate
    )
    if candidate:
        form_version_track(form, candidate)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.priority_candidate_save(
                project=project,
                by=signed_in_user(request),
                candidate=candidate,
                title=data["title"],
                description=data["description"],
                themes=list(data["themes"]),
                references=list(data["references"]),
                interests=list(data["interests"]),
                version=data.get("version"),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The candidate area has been saved")
            return redirect("analysis:priority_overview", project_id=project_id)
    return render(
        request,
        "analysis/priority_candidate_form.html",
        {"project": project, "form": form, "candidate": candidate},
    )


@login_required
def scores(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    user = signed_in_user(request)
    criteria = list(PriorityCriterion.objects.filter(project=project))
    candidates = list(PriorityCandidate.objects.filter(project=project))
    rows = priority_score_list(project=project, scorer=user)
    current = {(s.candidate_id, s.criterion_id): s.score for s in rows}
    form = ScoresForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        criteria=criteria,
        current=current,
    )
    form_version_track(form, rows)
    if request.method == "POST" and form.is_valid():
        scores = {
            (candidate, criterion): form.cleaned_data[name] for candidate, criterion, name in form.cells
        }
        try:
            services.priority_scores_save(
                project=project, by=user, scores=scores, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Your scores have been saved")
            return redirect("analysis:priority_overview", project_id=project_id)
    return render(
        request,
        "analysis/priority_scores.html",
        {"project": project, "form": form, "criteria": criteria, "candidates": candidates},
    )


@login_required
def decision(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    form = DecisionForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_decision_record(
                project=project,
                by=signed_in_user(request),
                chosen=list(form.cleaned_data["chosen"]),
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The priority areas have been recorded")
            return redirect("analysis:priority_overview", project_id=project_id)
    return render(request, "analysis/priority_decision.html", {"project": project, "form": form})
