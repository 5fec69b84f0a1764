"""Pages for eligibility criteria and title-and-abstract screening."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coproduce.accounts.models import User
from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import NEW, EditConflict, form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need, may_resolve_disagreement

from ..forms.screening import CriterionForm, DualScreeningForm, ReasonAddForm, ResolveForm, ScreenForm
from ..models import WITHDRAWN, ScreeningDecision
from ..queue import ACTIVE, RANDOM, screening_next, screening_stopping_test
from ..selectors.highlights import highlight_terms_get, terms_highlighter
from ..selectors.history import decision_seen
from ..selectors.screening import (
    ScreeningReading,
    blind_decisions,
    conflict_list,
    criterion_list,
    dual_screening_setting_get,
    dual_votes,
    exclusion_reasons,
    screenable_references,
    screener_last_decision,
    screening_agreement,
    screening_progress,
)
from ..selectors.stopping import screening_stop_get
from ..services.screening import (
    conflict_resolve,
    criterion_create,
    criterion_update,
    dual_screening_set,
    reference_screen,
)
from ..services.screening_reasons import decision_reason_add

DECIDED_MEANWHILE = (
    "Record {pk} was decided on after this page was opened (in another tab, or by someone else), so your "
    "decision was not saved. To change the decision on it, open record {pk} from the records list"
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 narrows the type; never false when the code is right
    return request.user


@login_required
def criteria(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id)
    context = {"project": project, "criteria": criterion_list(project=project)}
    return render(request, "evidence/criterion_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create_view(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        criterion_create(project=project, by=_user(request), **form.cleaned_data)
        messages.success(request, "Criterion added.")
        return redirect("evidence:criteria", project_id=project.public_id)
    return render(request, "evidence/criterion_form.html", {"project": project, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, project_id: uuid.UUID, criterion_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    criterion = get_object_or_404(criterion_list(project=project), pk=criterion_id)
    initial = {"kind": criterion.kind, "label": criterion.label, "description": criterion.description}
    form = CriterionForm(request.POST or None, initial=initial)
    form_version_track(form, criterion)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            criterion_update(
                criterion=criterion,
                label=form.cleaned_data["label"],
                description=form.cleaned_data["description"],
                by=_user(request),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Criterion saved.")
            return redirect("evidence:criteria", project_id=project.public_id)
    context = {"project": project, "form": form, "criterion": criterion}
    return render(request, "evidence/criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    order = RANDOM if request.GET.get("order") == RANDOM else ACTIVE
    if request.method == "GET":
        return _screen_page(request, project, order, form=None)
    form = ScreenForm(request.POST, project=project)
    if form.is_valid():
        reference = get_object_or_404(
            screenable_references(project=project), pk=form.cleaned_data["reference_id"]
        )
        try:
            made = reference_screen(
                reference=reference,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                offered_as=form.cleaned_data["offered_as"],
                by=_user(request),
                version=NEW,  # offered because nobody's decision on it stood (for this screener, if blind)
            )
        except EditConflict:
            messages.error(request, DECIDED_MEANWHILE.format(pk=reference.pk))
            return redirect(
                reverse("evidence:screen", kwargs={"project_id": project.public_id}) + f"?order={order}"
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(
                reverse("evidence:screen", kwargs={"project_id": project.public_id})
                + f"?order={order}&last={made.pk}"
            )
    return _screen_page(request, project, order, form=form)


def _screen_page(
    request: HttpRequest, project: Project, order: str, *, form: ScreenForm | None
) -> HttpResponse:
    """The screening page: the next record, or (after a refused decision) the same record with the errors.
    Its parts share one reading of the screening state."""
    reading = ScreeningReading(project=project)
    upcoming = screening_next(project=project, order=order, screener_id=_user(request).pk, reading=reading)
    reference = upcoming.reference
    if form is None:
        initial = {"reference_id": reference.pk if reference else 0, "offered_as": upcoming.offered_as}
        form = ScreenForm(project=project, initial=initial)
    else:
        posted = (
            screenable_references(project=project)
            .filter(pk=form.cleaned_data.get("reference_id") or 0)
            .first()
        )
        reference = posted or reference
    highlights = highlight_terms_get(project=project)
    highlighter = terms_highlighter(terms=highlights)
    context = {
        "project": project,
        "form": form,
        "reference": reference,
        "title_marked": highlighter.mark(reference.title) if reference else "",
        "abstract_marked": highlighter.paragraphs(reference.abstract) if reference else [],
        "highlights": highlights,
        "reasons": exclusion_reasons(project=project),
        "reason_added": request.GET.get("reason") == "added",
        "upcoming": upcoming,
        "order": order,
        "progress": screening_progress(project=project, reading=reading),
        "stopping": screening_stopping_test(project=project, reading=reading),
        "stop": screening_stop_get(project=project),
        "criteria": criterion_list(project=project),
        "dual": dual_screening_setting_get(project=project),
        "agreement": screening_agreement(project=project, reading=reading),
        "last_decision": _last_decision(request, project),
    }
    return render(request, "evidence/screen.html", context, status=400 if form.is_bound else 200)


def _last_decision(request: HttpRequest, project: Project) -> ScreeningDecision | None:
    """This screener's latest decision on the screening page, while it still stands: theirs to undo, or to
    give a reason when it excluded the record."""
    made = screener_last_decision(project=project, screener_id=_user(request).pk)
    if made is None or made.decision == WITHDRAWN:
        return None
    standing = decision_seen(reference=made.reference, screener_id=made.screened_by_id or 0, own=True)
    return made if standing is not None and standing.pk == made.pk else None


@login_required
@require_http_methods(["POST"])
def screen_reason(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    """Give the screener's last exclusion a reason, then carry on with the same record."""
    project = access_project(request.user, project_id, need=Need.SCREEN)
    order = RANDOM if request.GET.get("order") == RANDOM else ACTIVE
    form = ReasonAddForm(request.POST, project=project)
    if form.is_valid():
        decision = get_object_or_404(
            ScreeningDecision.objects.filter(reference__project=project, screened_by=_user(request)),
            pk=form.cleaned_data["decision_id"],
        )
        try:
            decision_reason_add(decision=decision, reason=form.cleaned_data["reason"], by=_user(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            order += "&reason=added"  # the page then says so to a screen reader
    else:
        messages.error(request, "Choose one of the reasons listed.")
    return redirect(reverse("evidence:screen", kwargs={"project_id": project.public_id}) + f"?order={order}")


@login_required
@require_http_methods(["GET", "POST"])
def dual_settings(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_EVIDENCE)
    setting = dual_screening_setting_get(project=project)
    initial = {"share_percent": setting.share_percent if setting else 0}
    form = DualScreeningForm(request.POST or None, initial=initial)
    form_version_track(form, setting)
    if request.method == "POST" and form.is_valid():
        try:
            dual_screening_set(
                project=project, share_percent=form.cleaned_data["share_percent"], by=_user(request),
                version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Dual screening saved.")
            return redirect("evidence:conflict_list", project_id=project.public_id)
    context = {"project": project, "form": form}
    return render(request, "evidence/dual_settings.html", context, status=400 if form.errors else 200)


@login_required
def conflict_list_view(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    context = {
        "project": project,
        "conflicts": conflict_list(project=project),
        "dual": dual_screening_setting_get(project=project),
        "agreement": screening_agreement(project=project),
    }
    return render(request, "evidence/conflict_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conflict_resolve_view(request: HttpRequest, project_id: uuid.UUID, reference_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.SCREEN)
    reference = get_object_or_404(conflict_list(project=project), pk=reference_id)
    votes = dual_votes(project=project, sample={reference.pk})[reference.pk]
    if not may_resolve_disagreement(user_id=_user(request).pk, screener_ids=votes.votes):
        return render(request, "evidence/conflict_refused.html", {"project": project}, status=403)
    form = ResolveForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            conflict_resolve(reference=reference, by=_user(request), **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, str(error) if isinstance(error, PermissionDenied) else error)
        else:
            messages.success(request, f"Disagreement on record {reference.pk} resolved.")
            return redirect("evidence:conflict_list", project_id=project.public_id)
    decisions = blind_decisions(reference=reference)
    context = {"project": project, "reference": reference, "decisions": decisions, "form": form}
    return render(request, "evidence/conflict_resolve.html", context, status=400 if form.errors else 200)


@login_required
def agreement(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id)
    result = screening_agreement(project=project)
    rows = list(zip(result.categories, result.table, strict=False))
    context = {"project": project, "agreement": result, "rows": rows}
    return render(request, "evidence/agreement.html", context)
