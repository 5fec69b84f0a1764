"""Themes: codes grouped with a narrative, and a bank of key quotes."""

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

from ..forms.themes import QuoteForm, ThemeForm
from ..models import Quote, Theme
from ..services import themes as services


@login_required
def theme_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    themes = Theme.objects.filter(project=project).prefetch_related("codes", "quotes")
    return render(request, "analysis/theme_list.html", {"project": project, "themes": themes})


@login_required
def theme_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    form = ThemeForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = services.theme_create(
                project=project,
                by=signed_in_user(request),
                name=data["name"],
                narrative=data["narrative"],
                codes=list(data["codes"]),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The theme has been created")
            return redirect("analysis:theme_detail", project_id=project_id, theme_id=theme.public_id)
    return render(request, "analysis/theme_form.html", {"project": project, "form": form, "theme": None})


@login_required
def theme_edit(request: HttpRequest, project_id: uuid.UUID, theme_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    theme = get_object_or_404(Theme, project=project, public_id=theme_id)
    form = ThemeForm(request.POST if request.method == "POST" else None, project=project, theme=theme)
    form_version_track(form, theme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_update(
                theme=theme,
                by=signed_in_user(request),
                name=data["name"],
                narrative=data["narrative"],
                codes=list(data["codes"]),
                version=data["version"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The theme has been updated")
            return redirect("analysis:theme_detail", project_id=project_id, theme_id=theme_id)
    return render(request, "analysis/theme_form.html", {"project": project, "form": form, "theme": theme})


@login_required
def theme_detail(request: HttpRequest, project_id: uuid.UUID, theme_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    theme = get_object_or_404(Theme, project=project, public_id=theme_id)
    form = QuoteForm(request.POST if request.method == "POST" else None, theme=theme)
    if request.method == "POST":
        access_project(request.user, project_id, need=Need.CODE)
        if form.is_valid():
            try:
                services.quote_add(theme=theme, by=signed_in_user(request), **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, "The quote has been added")
                return redirect("analysis:theme_detail", project_id=project_id, theme_id=theme_id)
    quotes = theme.quotes.select_related(
        "coding__transcript__interview__stakeholder__organisation", "coding__code"
    )
    context = {"project": project, "theme": theme, "quotes": quotes, "form": form, "codes": theme.codes.all()}
    return render(request, "analysis/theme_detail.html", context)


@require_POST
@login_required
def quote_remove(
    request: HttpRequest, project_id: uuid.UUID, theme_id: uuid.UUID, quote_id: int
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    quote = get_object_or_404(Quote, theme__project=project, theme__public_id=theme_id, pk=quote_id)
    services.quote_remove(quote=quote, by=signed_in_user(request))
    messages.success(request, "The quote has been removed from the theme")
    return redirect("analysis:theme_detail", project_id=project_id, theme_id=theme_id)
