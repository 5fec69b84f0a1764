"""The public page of a project (no sign-in) and the lead's page that turns it on or off.

The public page holds nothing personal: no names or contacts, quotes only when consented and pseudonymised,
endorsements only as counts by sector, and only published recommendations.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from coproduce.core.forms import form_add_service_errors
from coproduce.projects.access import access_project
from coproduce.projects.views.common import signed_in_user
from coproduce.recommendations.models import RecommendationStatus
from coproduce.recommendations.selectors.recommendations import recommendation_list

from .. import services
from ..forms import PublicationForm
from ..models import Publication
from ..selectors.document import report_document
from ..selectors.output_sections import framework_figures


@login_required
def publication_settings(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need="publish")
    publication = Publication.objects.filter(project=project).first()
    initial = {
        "slug": publication.slug if publication else slugify(project.title)[:80],
        "is_published": publication.is_published if publication else False,
        "include_report": publication.include_report if publication else True,
    }
    form = PublicationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_set(
                project=project, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            state = "published" if publication.is_published else "not published"
            messages.success(request, f"The public page is {state}")
            return redirect("reports:publication_settings", project_id=project_id)
    context = {"project": project, "form": form, "publication": publication}
    return render(request, "reports/publication_settings.html", context)


def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    publication = Publication.objects.select_related("project").filter(slug=slug, is_published=True).first()
    if publication is None:
        raise Http404("No such page.")
    project = publication.project
    frameworks = framework_figures(project=project)
    recommendations = (
        recommendation_list(project=project)
        .filter(status=RecommendationStatus.PUBLISHED)
        .prefetch_related("updates", "milestones")
    )
    context = {
        "publication": publication,
        "link_project": project,
        "frameworks": frameworks,
        "recommendations": recommendations,
        "document": report_document(project=project, figures=frameworks)
        if publication.include_report
        else None,
    }
    return render(request, "reports/public_page.html", context)
