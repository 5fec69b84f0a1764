"""Recommendation pages: the list, drafting and revising, publishing, progress and milestones."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need, may_publish_over_objections
from coproduce.projects.views.common import signed_in_user

from ..forms.recommendations import (
    MilestoneForm,
    ProgressForm,
    ProgressNoteForm,
    PublishForm,
    RecommendationForm,
    ReviseForm,
)
from ..models import Milestone, Recommendation
from ..selectors.endorsement import round_list
from ..selectors.objections import recommendation_endorsement
from ..selectors.recommendations import (
    progress_update_get,
    recommendation_get,
    recommendation_list,
)
from ..selectors.trace import recommendation_trace_tree
from ..services import progress as progress_services
from ..services import recommendations as services


@login_required
def recommendation_list_page(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    context = {
        "project": project,
        "recommendations": recommendation_list(project=project),
        "rounds": round_list(project=project),
    }
    return render(request, "recommendations/recommendation_list.html", context)


@login_required
def recommendation_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    form = RecommendationForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        elements = list(data.pop("elements"))
        try:
            recommendation = services.recommendation_create(
                project=project, by=signed_in_user(request), elements=elements, **data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{recommendation.label} has been drafted")
            return redirect(recommendation)
    return render(
        request,
        "recommendations/recommendation_form.html",
        {"project": project, "form": form, "recommendation": None},
    )


@login_required
def recommendation_revise(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    form = ReviseForm(
        request.POST if request.method == "POST" else None, project=project, recommendation=recommendation
    )
    form_version_track(form, recommendation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        elements, reason = list(data.pop("elements")), data.pop("reason")
        version = data.pop("version")
        try:
            services.recommendation_revise(
                recommendation=recommendation,
                by=signed_in_user(request),
                reason=reason,
                elements=elements,
                version=version,
                **data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{recommendation.label} is now version {recommendation.version}")
            return redirect(recommendation)
    context = {"project": project, "form": form, "recommendation": recommendation}
    return render(request, "recommendations/recommendation_form.html", context)


@login_required
def recommendation_detail(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    return _detail(request, project, recommendation, PublishForm())


def _detail(
    request: HttpRequest, project: Project, recommendation: Recommendation, publish_form: PublishForm
) -> HttpResponse:
    endorsement = recommendation_endorsement(recommendation=recommendation)
    context = {
        "project": project,
        "r": recommendation,
        "evidence_count": recommendation_trace_tree(recommendation=recommendation).count,
        "result": endorsement.result,
        "result_round": endorsement.round,
        "objections": endorsement.objections,
        "may_publish_over_objections": may_publish_over_objections(project.viewer_role),
        "publish_form": publish_form,
        "acknowledged": endorsement.digest,
        "decisions": recommendation.publication_decisions.select_related("decided_by"),
        "revisions": recommendation.revisions.select_related("revised_by"),
        "updates": recommendation.updates.all(),
        "milestones": recommendation.milestones.all(),
        "progress_form": ProgressForm(),
        "milestone_form": MilestoneForm(),
    }
    return render(request, "recommendations/recommendation_detail.html", context)


@login_required
@require_POST
def recommendation_publish(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    form = PublishForm(request.POST)
    over_objections = "acknowledged" in request.POST  # sent only by the form under the objections
    if over_objections and not form.is_valid():
        return _detail(request, project, recommendation, form)
    data = form.cleaned_data if over_objections else {}
    try:
        services.recommendation_publish(
            recommendation=recommendation, by=signed_in_user(request),
            acknowledged=data.get("acknowledged", ""), reason=data.get("reason", ""),
        )  # fmt: skip
    except (PermissionDenied, ValidationError) as refusal:
        messages.error(request, refusal.messages[0] if isinstance(refusal, ValidationError) else str(refusal))
    else:
        messages.success(request, f"{recommendation.label} has been published")
    return redirect(recommendation)


@login_required
@require_POST
def progress_record(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how far it has got and say what has happened")
        return redirect(recommendation)
    try:
        update = progress_services.progress_record(
            recommendation=recommendation, by=signed_in_user(request), **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Progress recorded; {update.notified} people will be told by email")
    return redirect(recommendation)


@login_required
def progress_correct(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID, update_id: int
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    update = progress_update_get(recommendation=recommendation, pk=update_id)
    form = ProgressNoteForm(request.POST if request.method == "POST" else None, initial={"note": update.note})
    form_version_track(form, update)
    if request.method == "POST" and form.is_valid():
        try:
            progress_services.progress_note_correct(
                update=update, by=signed_in_user(request), note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The progress note has been corrected")
            return redirect(recommendation)
    context = {"project": project, "form": form, "recommendation": recommendation, "update": update}
    return render(request, "recommendations/progress_note_form.html", context)


@login_required
@require_POST
def milestone_add(request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        progress_services.milestone_add(
            recommendation=recommendation, by=signed_in_user(request), **form.cleaned_data
        )
        messages.success(request, "Milestone added")
    else:
        messages.error(request, "Enter the milestone, and a real date if you give one")
    return redirect(recommendation)


@login_required
@require_POST
def milestone_done(
    request: HttpRequest, project_id: uuid.UUID, recommendation_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_RECOMMENDATIONS)
    recommendation = recommendation_get(project=project, public_id=recommendation_id)
    milestone = Milestone.objects.filter(recommendation=recommendation, public_id=milestone_id).first()
    if milestone is None:
        raise Http404("No such milestone.")
    progress_services.milestone_done(
        milestone=milestone, by=signed_in_user(request), done_on=timezone.localdate()
    )
    messages.success(request, f"“{milestone.title}” marked as done")
    return redirect(recommendation)
