"""The codebook: the tree of codes, creating and editing codes, moving, merging and splitting them,
their history, and memos on codes."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.codebook import (
    TOP,
    CodeCreateForm,
    CodeForm,
    CodeMergeForm,
    CodeMoveForm,
    CodeSplitForm,
    MemoForm,
)
from ..selectors import codebook as selectors
from ..services import codebook as services
from ..services.memos import memo_create, memo_update


def _data(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _to_code(project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    return redirect("analysis:code_detail", project_id=project_id, code_id=code_id)


@login_required
def codebook(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    tree = selectors.code_tree(project=project)
    return render(request, "analysis/codebook.html", {"project": project, "tree": tree})


@login_required
def code_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    tree = selectors.code_tree(project=project)
    form = CodeCreateForm(_data(request), tree=tree, initial={"parent": request.GET.get("parent", TOP)})
    if request.method == "POST" and form.is_valid():
        try:
            code = services.code_create(project=project, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"The code {code.name} has been added")
            return redirect("analysis:codebook", project_id=project_id)
    return render(request, "analysis/code_form.html", {"project": project, "form": form, "code": None})


@login_required
def code_detail(request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    code = selectors.code_get(project=project, public_id=code_id)
    context = {
        "project": project,
        "code": code,
        "counts": selectors.code_counts(code=code),
        "children": selectors.code_list(project=project).filter(parent=code),
        "memos": selectors.code_memo_list(code=code),
    }
    return render(request, "analysis/code_detail.html", context)


@login_required
def code_edit(request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    code = selectors.code_get(project=project, public_id=code_id)
    form = CodeForm(_data(request), initial=CodeForm.initial_for(code))
    form_version_track(form, code)
    if request.method == "POST" and form.is_valid():
        try:
            services.code_update(code=code, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The code has been updated")
            return _to_code(project_id, code_id)
    return render(request, "analysis/code_form.html", {"project": project, "form": form, "code": code})


@login_required
def code_move(request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    code = selectors.code_get(project=project, public_id=code_id)
    tree, own = selectors.code_tree(project=project), selectors.code_descendant_ids(code=code)
    parent = str(code.parent.public_id) if code.parent else TOP
    form = CodeMoveForm(_data(request), tree=tree, leave_out=own, initial={"parent": parent})
    if request.method == "POST" and form.is_valid():
        try:
            services.code_move(code=code, by=signed_in_user(request), parent=form.cleaned_data["parent"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The code has been moved")
            return _to_code(project_id, code_id)
    return render(request, "analysis/code_move.html", {"project": project, "form": form, "code": code})


@login_required
def code_merge(request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    code = selectors.code_get(project=project, public_id=code_id)
    tree, own = selectors.code_tree(project=project), {code.pk}
    form = CodeMergeForm(_data(request), tree=tree, leave_out=own | selectors.code_descendant_ids(code=code))
    context = {"project": project, "form": form, "code": code}
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        if request.POST.get("confirm") != "yes":
            context |= {
                "into": into,
                "counts": selectors.code_counts(code=code),
                "children": code.children.count(),
            }
            return render(request, "analysis/code_merge_confirm.html", context)
        try:
            services.code_merge(code=code, into=into, by=signed_in_user(request))
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{code.name} has been merged into {into.name}")
            return _to_code(project_id, into.public_id)
    return render(request, "analysis/code_merge.html", context)


@login_required
def code_split(request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    code = selectors.code_get(project=project, public_id=code_id)
    codings = selectors.code_codings(code=code, viewer_sees_personal_data=True)
    choices = [(c.pk, f"{c.transcript.interview.stakeholder.code}: “{c.snippet[:200]}”") for c in codings]
    form = CodeSplitForm(_data(request), codings=choices)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.code_split(
                code=code,
                by=signed_in_user(request),
                name=form.cleaned_data["name"],
                coding_ids=form.cleaned_data["codings"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"The new code {new.name} has taken the chosen codings")
            return _to_code(project_id, new.public_id)
    return render(request, "analysis/code_split.html", {"project": project, "form": form, "code": code})


@login_required
def code_history(request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    code = selectors.code_get(project=project, public_id=code_id, include_merged=True)
    history = selectors.code_history(code=code)
    return render(
        request, "analysis/code_history.html", {"project": project, "code": code, "history": history}
    )


@login_required
def code_memo_create(request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    code = selectors.code_get(project=project, public_id=code_id)
    form = MemoForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            memo_create(project=project, by=signed_in_user(request), code=code, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The memo has been added")
            return _to_code(project_id, code_id)
    return render(request, "analysis/memo_form.html", {"project": project, "form": form, "code": code})


@login_required
def code_memo_edit(
    request: HttpRequest, project_id: uuid.UUID, code_id: uuid.UUID, memo_id: uuid.UUID
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    code = selectors.code_get(project=project, public_id=code_id)
    memo = selectors.code_memo_get(code=code, public_id=memo_id)
    form = MemoForm(_data(request), initial={"title": memo.title, "text": memo.text})
    form_version_track(form, memo)
    if request.method == "POST" and form.is_valid():
        try:
            memo_update(memo=memo, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The memo has been updated")
            return _to_code(project_id, code_id)
    context = {"project": project, "form": form, "code": code, "memo": memo}
    return render(request, "analysis/memo_form.html", context)
