"""The public page of a project (no sign-in) and the lead's publish step that puts it up or takes it down.

The public page holds nothing personal: no names or contacts, quotes only when consented and pseudonymised,
endorsements only as counts by sector, and only published recommendations. It shows what the lead published
after the checklist (`selectors/checklist.py`), not the project as it changes afterwards.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from coproduce.core.downloads import attachment_disposition
from coproduce.core.forms import form_add_service_errors
from coproduce.core.small_counts import public_minimum
from coproduce.core.spreadsheets import CSV
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from .. import services
from ..forms import PublicationForm
from ..models import Publication
from ..selectors.publication import publication_check, publication_get, published_quotes_consented


def _initial(project: Project, publication: Publication | None) -> dict[str, object]:
    if publication is None:
        return {"slug": slugify(project.title)[:80], "include_report": True}
    return {"slug": publication.slug, "include_report": publication.include_report}


@login_required
def publication_settings(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """The publish step: the checklist, then publishing (again); or taking the page down. "Check again"
    runs the checklist for the options chosen, without publishing."""
    project = access_project(request.user, project_id, need=Need.PUBLISH)
    publication = publication_get(project=project)
    if request.method == "POST" and "unpublish" in request.POST:
        return _unpublish(request, project)
    data = request.POST if request.method == "POST" else None
    form = PublicationForm(data, initial=_initial(project, publication))
    form_version_track(form, publication)
    if data is not None and "check" not in data and form.is_valid():
        try:
            services.publication_publish(project=project, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The public page has been published")
            return redirect("reports:publication_settings", project_id=project_id)
    include_report = bool(form["include_report"].value())
    context = {
        "project": project, "form": form, "publication": publication,
        "checklist": publication_check(project=project, include_report=include_report),
        "confirmed": request.POST.getlist("confirmed"),
    }  # fmt: skip
    return render(request, "reports/publication_settings.html", context)


def _unpublish(request: HttpRequest, project: Project) -> HttpResponse:
    try:
        services.publication_unpublish(project=project, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The public page has been taken down")
    return redirect("reports:publication_settings", project_id=project.public_id)


def _published(slug: str) -> Publication:
    publication = Publication.objects.select_related("project").filter(slug=slug, is_published=True).first()
    if publication is None:
        raise Http404("No such page.")
    return publication


def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The page as the lead last published it (see `Publication`)."""
    publication = _published(slug)
    context = {
        "publication": publication,
        "link_project": publication.project,
        "report_shown": published_quotes_consented(publication=publication),
        "trace_shown": published_quotes_consented(publication=publication, ids=publication.trace_quote_ids),
        "minimum": public_minimum(),
    }
    return render(request, "reports/public_page.html", context)


def public_evidence_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The evidence behind the recommendations as published, as a CSV table; gone while anyone quoted in it
    no longer consents, as on the page."""
    publication = _published(slug)
    if not publication.trace_csv:
        raise Http404("No evidence has been published.")
    if not published_quotes_consented(publication=publication, ids=publication.trace_quote_ids):
        raise Http404("The evidence is being updated.")
    response = HttpResponse(publication.trace_csv, content_type=CSV)
    response["Content-Disposition"] = attachment_disposition(f"{publication.slug}-evidence.csv")
    return response
