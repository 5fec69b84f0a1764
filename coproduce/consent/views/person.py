"""Views of one person's consent: status and history, recording consent, personal links, export, erasure."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.downloads import download_response
from coproduce.people.models import Stakeholder
from coproduce.people.selectors import stakeholder_get
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import selectors, services
from ..forms import ConsentRecordForm, EraseForm
from ..models import ConsentScope, PersonalLink


def _link_url(request: HttpRequest, link: PersonalLink) -> str:
    token = selectors.personal_link_token(link=link)
    return request.build_absolute_uri(reverse("consent_public:personal_link_open", kwargs={"token": token}))


def _to_person(project: Project, stakeholder: Stakeholder) -> HttpResponse:
    return redirect("consent:stakeholder_consent", project_id=project.public_id, code=stakeholder.code)


def _person_context(
    request: HttpRequest,
    project: Project,
    stakeholder: Stakeholder,
    record_form: ConsentRecordForm | None = None,
) -> dict[str, Any]:
    role = project.viewer_role
    assert role is not None  # noqa: S101 narrows the type; never false when the code is right
    current_form = selectors.consent_form_current(project=project)
    can_record = role.can_record_consent()
    if can_record and current_form and record_form is None:
        record_form = ConsentRecordForm(consent_form=current_form)
    link = selectors.personal_link_current(stakeholder=stakeholder) if can_record else None
    return {
        "project": project,
        "stakeholder": stakeholder,
        "show_personal": role.can_view_personal_data(),
        "status": [
            (ConsentScope(scope).label, event)
            for scope, event in selectors.consent_status(stakeholder=stakeholder).items()
        ],
        "history": selectors.consent_event_list(stakeholder=stakeholder),
        "current_form": current_form,
        "record_form": record_form if can_record else None,
        "can_record": can_record,
        "link": link,
        "link_url": _link_url(request, link) if link else "",
        "link_days": settings.PERSONAL_LINK_MAX_AGE_DAYS,
        "can_export": role.can_export_personal_data(),
        "can_erase": role.can_erase_personal_data(),
    }


@login_required
def stakeholder_consent(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    stakeholder = stakeholder_get(project=project, code=code)
    return render(request, "consent/stakeholder_consent.html", _person_context(request, project, stakeholder))


@login_required
@require_POST
def consent_record(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.RECORD_CONSENT)
    stakeholder = stakeholder_get(project=project, code=code)
    if (current_form := selectors.consent_form_current(project=project)) is None:
        messages.error(request, "Publish a consent form before recording consent.")
        return _to_person(project, stakeholder)
    form = ConsentRecordForm(request.POST, consent_form=current_form)
    if form.is_valid():
        services.consent_record(
            stakeholder=stakeholder, form=current_form, by=signed_in_user(request), **form.cleaned_data
        )
        messages.success(request, f"Consent recorded for {stakeholder.code}.")
        return _to_person(project, stakeholder)
    context = _person_context(request, project, stakeholder, record_form=form)
    return render(request, "consent/stakeholder_consent.html", context, status=400)


@login_required
@require_POST
def personal_link_create(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.RECORD_CONSENT)
    stakeholder = stakeholder_get(project=project, code=code)
    if (current_form := selectors.consent_form_current(project=project)) is None:
        messages.error(request, "Publish a consent form before making a personal link.")
        return _to_person(project, stakeholder)
    user = signed_in_user(request)
    link = services.personal_link_create(stakeholder=stakeholder, form=current_form, by=user)
    if stakeholder.email:
        services.personal_link_email(link=link, url=_link_url(request, link), by=user)
        messages.success(
            request,
            f"A new personal link for {stakeholder.code} is queued to be emailed. If it cannot be "
            "delivered, the project lead sees why under Background work.",
        )
    else:
        messages.success(
            request, f"{stakeholder.code} has no email address. Copy the link below and send it."
        )
    return _to_person(project, stakeholder)


@login_required
@require_POST
def personal_link_revoke(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.RECORD_CONSENT)
    stakeholder = stakeholder_get(project=project, code=code)
    if (link := selectors.personal_link_current(stakeholder=stakeholder)) is not None:
        services.personal_link_revoke(link=link, by=signed_in_user(request))
        messages.success(request, f"The personal link for {stakeholder.code} no longer works.")
    return _to_person(project, stakeholder)


@login_required
@require_POST
def subject_access_export(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXPORT_PERSONAL_DATA)
    stakeholder = stakeholder_get(project=project, code=code)
    download = services.subject_access_export_create(stakeholder=stakeholder, by=signed_in_user(request))
    return download_response(download)


@login_required
def stakeholder_erase(request: HttpRequest, project_id: uuid.UUID, code: str) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.ERASE_PERSONAL_DATA)
    stakeholder = stakeholder_get(project=project, code=code)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_erase(
                stakeholder=stakeholder, by=signed_in_user(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{code} has been erased. Only their code is left in the audit trail.")
            return redirect("people:stakeholder_list", project_id=project.public_id)
    context = {"project": project, "stakeholder": stakeholder, "form": form}
    return render(request, "consent/stakeholder_erase.html", context, status=400 if form.errors else 200)
