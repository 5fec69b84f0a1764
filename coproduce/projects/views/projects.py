"""The list of a user's projects, creating a project, and editing its details and phase dates."""

import uuid
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import EditConflict, form_show_conflict, form_version_track
from coproduce.projects.permissions import Need

from .. import services
from ..access import access_project
from ..forms import PhaseFormSet, ProjectCreateForm, ProjectForm
from ..models import PhaseKind
from ..selectors import phase_list, project_list_for_user
from ..services.projects import PHASE_DATE_FIELDS
from .common import signed_in_user, site_root


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {"projects": project_list_for_user(user=user), "can_create": user.is_site_admin}
    return render(request, "projects/project_list.html", context)


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.is_site_admin:
        raise PermissionDenied("Only site admins can create projects.")
    form = ProjectCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        project = services.project_create(**form.cleaned_data, by=user, base_url=site_root(request))
        messages.success(request, f"Project created: {project.title}")
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "creating": True})


@login_required
def project_edit(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EDIT_PROJECT)
    initial = {name: getattr(project, name) for name in ProjectForm.base_fields}
    form = ProjectForm(request.POST if request.method == "POST" else None, initial=initial)
    form_version_track(form, project)
    if form.is_valid():
        try:
            services.project_update(project=project, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Project details saved")
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def _phase_initial(project_phases: Mapping[str, object]) -> list[dict[str, object]]:
    """One row per phase kind, in order, even for a project whose phase rows are missing."""
    return [
        {
            "kind": kind.value,
            **{name: getattr(project_phases.get(kind), name, None) for name in PHASE_DATE_FIELDS},
        }
        for kind in PhaseKind
    ]


@login_required
def phase_edit(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EDIT_PROJECT)
    phases = {phase.kind: phase for phase in phase_list(project=project)}
    initial = _phase_initial(phases)
    data = request.POST if request.method == "POST" else None
    formset = PhaseFormSet(data, initial=initial, prefix="phases")
    for form, phase in zip(formset, initial, strict=True):
        form_version_track(form, phases.get(str(phase["kind"])))
    if formset.is_valid():
        dates = [services.PhaseDates(**form.cleaned_data) for form in formset]
        try:
            services.phases_update(project=project, phases=dates, by=signed_in_user(request))
        except EditConflict as conflict:
            kind = getattr(conflict.record, "kind", "")
            form_show_conflict(formset[[f["kind"] for f in initial].index(kind)], conflict)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Phase dates saved")
            return redirect(project)
    return render(request, "projects/phase_form.html", {"formset": formset, "project": project})
