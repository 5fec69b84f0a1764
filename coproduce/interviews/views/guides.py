"""Topic guides: list, create, questions, publish and new versions."""

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
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms import TopicGuideForm, TopicQuestionForm
from ..selectors.interviews import topic_guide_get, topic_guide_list, topic_question_get
from ..services import guides as services


@login_required
def guide_list(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    context = {"project": project, "guides": topic_guide_list(project=project)}
    return render(request, "interviews/guide_list.html", context)


@login_required
def guide_create(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    form = TopicGuideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            guide = services.topic_guide_create(
                project=project, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The topic guide has been created. Add its questions.")
            return redirect("interviews:guide_detail", project_id=project_id, guide_id=guide.public_id)
    return render(request, "interviews/guide_create.html", {"project": project, "form": form})


@login_required
def guide_detail(request: HttpRequest, project_id: uuid.UUID, guide_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PEOPLE)
    guide = topic_guide_get(project=project, public_id=guide_id)
    form = TopicQuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
        if form.is_valid():
            try:
                services.topic_question_add(guide=guide, by=signed_in_user(request), **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, "The question has been added")
                return redirect("interviews:guide_detail", project_id=project_id, guide_id=guide_id)
    context = {"project": project, "guide": guide, "questions": guide.questions.all(), "form": form}
    return render(request, "interviews/guide_detail.html", context)


@login_required
def question_edit(
    request: HttpRequest, project_id: uuid.UUID, guide_id: uuid.UUID, topic_question_id: int
) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    guide = topic_guide_get(project=project, public_id=guide_id)
    question = topic_question_get(guide=guide, pk=topic_question_id)
    initial = {"text": question.text, "probes": question.probes}
    form = TopicQuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    form_version_track(form, question)
    if request.method == "POST" and form.is_valid():
        try:
            if "remove" in request.POST:
                services.topic_question_remove(question=question, by=signed_in_user(request))
            else:
                services.topic_question_update(
                    question=question, by=signed_in_user(request), **form.cleaned_data
                )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The guide has been updated")
            return redirect("interviews:guide_detail", project_id=project_id, guide_id=guide_id)
    context = {"project": project, "guide": guide, "question": question, "form": form}
    return render(request, "interviews/question_edit.html", context)


@require_POST
@login_required
def guide_publish(request: HttpRequest, project_id: uuid.UUID, guide_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.MANAGE_INTERVIEWS)
    guide = topic_guide_get(project=project, public_id=guide_id)
    try:
        if guide.is_published:
            guide = services.topic_guide_new_version(guide=guide, by=signed_in_user(request))
            messages.success(request, f"Version {guide.version} is a draft copy you can change")
        else:
            services.topic_guide_publish(guide=guide, by=signed_in_user(request))
            messages.success(request, f"Version {guide.version} is published and can be used in interviews")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("interviews:guide_detail", project_id=project_id, guide_id=guide.public_id)
