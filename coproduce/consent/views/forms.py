"""Views of consent forms: list, detail, create, edit (drafts only), publish, new version."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import selectors, services
from ..forms import ConsentFormEditForm
from ..models import ConsentForm


def _to_detail(form: ConsentForm) -> HttpResponse:
    return redirect("consent:consent_form_detail", project_id=form.project.public_id, form_id=form.public_id)


def _to_draft_if_any(request: HttpRequest, project: Project) -> HttpResponse | None:
    if (draft := selectors.consent_form_draft(project=project)) is None:
        return None
    messages.info(request, f"There is already a draft (version {draft.version}). Edit or publish it first.")
    return redirect("consent:consent_form_edit", project_id=project.public_id, form_id=draft.public_id)


@login_required
def consent_form_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    forms = selectors.consent_form_list(project=project)
    current = selectors.consent_form_current(project=project)
    can_manage = bool(project.viewer_role and project.viewer_role.can_manage_consent_forms())
    context = {"project": project, "forms": forms, "current": current, "can_manage": can_manage}
    return render(request, "consent/consent_form_list.html", context)


@login_required
def consent_form_detail(request: HttpRequest, project_id: uuid.UUID, form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = selectors.consent_form_get(project=project, public_id=form_id)
    current = selectors.consent_form_current(project=project)
    can_manage = bool(project.viewer_role and project.viewer_role.can_manage_consent_forms())
    context = {
        "project": project,
        "consent_form": form,
        "is_current": current == form,
        "can_manage": can_manage,
    }
    return render(request, "consent/consent_form_detail.html", context)


@login_required
def consent_form_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_CONSENT_FORMS)
    if (response := _to_draft_if_any(request, project)) is not None:
        return response
    form = ConsentFormEditForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = services.consent_form_create(
            project=project,
            by=signed_in_user(request),
            title=data["title"],
            information_sheet=data["information_sheet"],
            statements=data["statements"],
            team_contact=data["team_contact"],
        )
        messages.success(request, f"Draft version {created.version} saved.")
        return _to_detail(created)
    return render(
        request, "consent/consent_form_form.html", {"project": project, "form": form, "editing": None}
    )


@login_required
def consent_form_edit(request: HttpRequest, project_id: uuid.UUID, form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_CONSENT_FORMS)
    consent_form = selectors.consent_form_get(project=project, public_id=form_id)
    if consent_form.is_published:
        return render(
            request, "consent/consent_form_published.html", {"project": project, "consent_form": consent_form}
        )
    form = ConsentFormEditForm(
        request.POST if request.method == "POST" else None,
        initial=ConsentFormEditForm.initial_from(consent_form),
    )
    form_version_track(form, consent_form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_form_update(
                form=consent_form,
                by=signed_in_user(request),
                title=data["title"],
                information_sheet=data["information_sheet"],
                statements=data["statements"],
                team_contact=data["team_contact"],
                version=data["version"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Draft version {consent_form.version} saved.")
            return _to_detail(consent_form)
    return render(
        request, "consent/consent_form_form.html", {"project": project, "form": form, "editing": consent_form}
    )


@login_required
@require_POST
def consent_form_publish(request: HttpRequest, project_id: uuid.UUID, form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_CONSENT_FORMS)
    consent_form = selectors.consent_form_get(project=project, public_id=form_id)
    try:
        services.consent_form_publish(form=consent_form, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Version {consent_form.version} is published. New consent uses it from now on."
        )
    return _to_detail(consent_form)


@login_required
@require_POST
def consent_form_new_version(request: HttpRequest, project_id: uuid.UUID, form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_CONSENT_FORMS)
    consent_form = selectors.consent_form_get(project=project, public_id=form_id)
    if (response := _to_draft_if_any(request, project)) is not None:
        return response
    copy = services.consent_form_new_version(form=consent_form, by=signed_in_user(request))
    messages.success(request, f"Version {copy.version} is a draft copy of version {consent_form.version}.")
    return redirect("consent:consent_form_edit", project_id=project.public_id, form_id=copy.public_id)
