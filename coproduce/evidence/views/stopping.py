"""The page where a lead records that the team stopped screening, or resumed it."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.stopping import ScreeningStopForm
from ..queue import screening_stopping_test
from ..selectors.screening import screening_progress
from ..selectors.stopping import screening_stop_get
from ..services.stopping import screening_resume_record, screening_stop_record


@login_required
@require_http_methods(["GET", "POST"])
def screening_stop(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    stop = screening_stop_get(project=project)
    form = ScreeningStopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = screening_resume_record if stop else screening_stop_record
        try:
            record(project=project, by=signed_in_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Screening resumed." if stop else "Decision to stop screening recorded."
            )
            return redirect("evidence:screen", project_id=project.public_id)
    context = {
        "project": project,
        "form": form,
        "stop": stop,
        "stopping": screening_stopping_test(project=project),
        "progress": screening_progress(project=project),
    }
    return render(request, "evidence/screening_stop.html", context, status=400 if form.errors else 200)
