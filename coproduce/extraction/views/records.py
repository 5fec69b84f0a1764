"""The included records to extract and appraise, one record's extraction and appraisal, and the XLSX table."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from coproduce.core.downloads import download_response
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms import AppraisalForm, ExtractionDataForm
from ..models import Appraisal, ExtractionForm
from ..selectors.records import (
    appraisal_list,
    appraisal_summaries,
    extraction_form_get,
    extraction_form_list,
    extraction_get,
    extraction_queue,
    included_reference_get,
    queue_counts,
)
from ..services.records import appraisal_save, extraction_save
from ..spreadsheets import extraction_export
from ..tools import TOOLS, tool_get, tool_suggested


def form_from_query(request: HttpRequest, project: Project) -> ExtractionForm | None:
    chosen = request.GET.get("form", "")
    forms = extraction_form_list(project=project)
    try:
        return forms.filter(public_id=uuid.UUID(chosen)).first() or forms.first()
    except ValueError:
        return forms.first()


@login_required
def queue(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    form = form_from_query(request, project)
    rows = extraction_queue(project=project, form=form) if form else []
    context = {
        "project": project, "extraction_form": form, "rows": rows, "counts": queue_counts(rows),
        "forms": extraction_form_list(project=project),
    }  # fmt: skip
    return render(request, "extraction/queue.html", context)


def _queue_url(project: Project, form: ExtractionForm) -> str:
    return f"{reverse('extraction:queue', kwargs={'project_id': project.public_id})}?form={form.public_id}"


@login_required
def extract(
    request: HttpRequest, project_id: uuid.UUID, record_id: int, extraction_form_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    reference = included_reference_get(project=project, pk=record_id)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    current = extraction_get(reference=reference, form=extraction_form)
    posted = request.POST if request.method == "POST" else None
    form = ExtractionDataForm(posted, form=extraction_form, extraction=current)
    form_version_track(form, current)
    if request.method == "POST" and form.is_valid():
        try:
            extraction_save(
                reference=reference, form=extraction_form, by=signed_in_user(request), values=form.answers(),
                **form.case_study(), version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Extraction saved for record {reference.pk}")
            return redirect(_queue_url(project, extraction_form))
    context = {
        "project": project, "reference": reference, "extraction_form": extraction_form, "form": form,
        "extraction": current, "appraisals": appraisal_summaries(appraisal_list(reference=reference)),
    }  # fmt: skip
    return render(request, "extraction/extract.html", context)


def _tool_choice(request: HttpRequest, appraisals: list[Appraisal], default: str) -> tuple[str, str]:
    tool_key = request.GET.get("tool") or request.POST.get("tool") or ""
    if tool_get(tool_key) is None:
        tool_key = appraisals[0].tool if appraisals else default
    existing = next((a for a in appraisals if a.tool == tool_key), None)
    variant = (
        request.GET.get("variant") or request.POST.get("variant") or (existing.variant if existing else "")
    )
    return tool_key, variant


@login_required
def appraise(request: HttpRequest, project_id: uuid.UUID, record_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.EXTRACT)
    reference = included_reference_get(project=project, pk=record_id)
    appraisals = appraisal_list(reference=reference)
    tool_key, variant = _tool_choice(request, appraisals, tool_suggested(reference).key)
    tool = TOOLS[tool_key]
    if tool.variants and variant not in {key for key, _, _ in tool.variants}:
        variant = ""
    existing = next((a for a in appraisals if a.tool == tool_key), None)
    ready = not tool.variants or bool(variant)
    data = request.POST if request.method == "POST" and ready else None
    form = AppraisalForm(data, tool=tool, variant=variant, appraisal=existing)
    form_version_track(form, existing)
    if request.method == "POST" and ready and form.is_valid():
        try:
            appraisal_save(
                reference=reference, by=signed_in_user(request), tool=tool.key, variant=variant,
                answers=form.answers(), comments=form.comments(), quality=form.cleaned_data["quality"],
                summary=form.cleaned_data["summary"], version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Appraisal saved for record {reference.pk}")
            return redirect("extraction:queue", project_id=project_id)
    context = {
        "project": project, "reference": reference, "tool": tool, "variant": variant, "form": form,
        "variant_label": tool.variant_label(variant),
        "ready": ready, "tools": TOOLS.values(), "suggested": tool_suggested(reference),
        "appraisals": appraisal_summaries(appraisals),
    }  # fmt: skip
    return render(request, "extraction/appraise.html", context)


@login_required
def export(request: HttpRequest, project_id: uuid.UUID, extraction_form_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    extraction_form = extraction_form_get(project=project, public_id=extraction_form_id)
    download = extraction_export(project=project, form=extraction_form, by=signed_in_user(request))
    return download_response(download)
