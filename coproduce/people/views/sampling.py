"""Sampling targets per sector, and recruitment progress against them."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import selectors, services
from ..forms import SamplingTargetsForm


@login_required
def sampling(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    need = Need.MANAGE_PEOPLE if request.method == "POST" else Need.VIEW_PEOPLE
    project = access_project(request.user, project_id, need=need)
    targets = selectors.sampling_target_map(project=project)
    form = SamplingTargetsForm(request.POST if request.method == "POST" else None, targets=targets)
    form_version_track(form, selectors.sampling_target_list(project=project))
    if request.method == "POST" and form.is_valid():
        try:
            services.sampling_targets_update(
                project=project, targets=form.targets(), by=signed_in_user(request),
                version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Sampling targets have been saved")
            return redirect("people:sampling", project_id=project_id)
    context = {
        "project": project,
        "form": form,
        "progress": selectors.sampling_progress(project=project),
        "counts": selectors.stakeholder_counts_by_status(project=project),
    }
    return render(request, "people/sampling.html", context)
