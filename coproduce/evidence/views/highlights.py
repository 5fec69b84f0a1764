"""The page where the team sets the words and phrases highlighted while screening."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.models import User
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need

from ..forms.highlights import HighlightTermsForm
from ..selectors.highlights import highlight_terms_get
from ..services.highlights import highlight_terms_set


@login_required
@require_http_methods(["GET", "POST"])
def highlight_settings(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    terms = highlight_terms_get(project=project)
    initial = {"relevant": terms.relevant, "irrelevant": terms.irrelevant} if terms else {}
    form = HighlightTermsForm(request.POST or None, initial=initial)
    form_version_track(form, terms)
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)  # noqa: S101 narrows the type; never false when the code is right
        try:
            highlight_terms_set(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Highlight terms saved.")
            return redirect("evidence:screen", project_id=project.public_id)
    context = {"project": project, "form": form}
    return render(request, "evidence/highlight_settings.html", context, status=400 if form.errors else 200)
