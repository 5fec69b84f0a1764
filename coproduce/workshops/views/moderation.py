"""Moderating an idea board: hide, edit and merge cards; create, rename and delete clusters; put cards in
clusters (a select per card, or drag and drop with static/js/clusters.js); accept or reject suggested
clusters (clusters_suggest.py). Rejected suggestions are remembered in the facilitator's session only.
"""

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import form_version_track
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..clusters_suggest import SuggestedCluster, clusters_suggest
from ..forms.facilitate import (
    CardClusterForm,
    CardEditForm,
    CardMergeForm,
    ClusterTitleForm,
    SuggestionForm,
    SuggestionRejectForm,
)
from ..models import Activity
from ..selectors.core import workshop_get
from ..selectors.live import (
    board_columns,
    board_get,
    card_get,
    cards_merge_targets,
    cards_unclustered,
    cluster_get,
    cluster_list,
)
from ..services import moderation as services
from .facilitate import by_script, page_or_fragment


def _board(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> Activity:
    project = access_project(request.user, project_id, need=Need.FACILITATE)
    workshop = workshop_get(project=project, public_id=workshop_id)
    return board_get(workshop=workshop, public_id=activity_id)


def _board_url(activity: Activity) -> str:
    return reverse(
        "workshops:moderation",
        kwargs={
            "project_id": activity.workshop.project.public_id,
            "workshop_id": activity.workshop.public_id,
            "activity_id": activity.public_id,
        },
    )


def _rejected_key(activity: Activity) -> str:
    return f"workshops:rejected-suggestions:{activity.public_id}"


def _suggestions(request: HttpRequest, activity: Activity) -> list[dict[str, Any]]:
    cards = {str(c.public_id): c for c in cards_unclustered(activity=activity)}
    rejected = {frozenset(keys) for keys in request.session.get(_rejected_key(activity), [])}
    found: list[SuggestedCluster] = clusters_suggest([(key, card.text) for key, card in cards.items()])
    return [
        {"title": s.title, "keys": s.keys, "cards": [cards[k] for k in s.keys]}
        for s in found
        if frozenset(s.keys) not in rejected
    ]


def _context(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    columns = board_columns(activity=activity, with_hidden=True)
    clusters = list(cluster_list(activity=activity))
    cards = [card for column in columns for card in column.cards]
    return {
        "project": activity.workshop.project,
        "workshop": activity.workshop,
        "activity": activity,
        "clusters": clusters,
        "unclustered": [c for c in cards if not c.hidden and c.cluster_id is None],
        "hidden_cards": [c for c in cards if c.hidden],
        "suggestions": _suggestions(request, activity),
        "socket_path": f"/ws/workshops/{activity.workshop.public_id}/screens/",
        "create_form": ClusterTitleForm(),
    }


@login_required
def moderation(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    return render(request, "workshops/moderation.html", _context(request, activity))


@login_required
def moderation_partial(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    template = page_or_fragment(request, "workshops/moderation.html", "board")
    return render(request, template, _context(request, activity))


def _done(request: HttpRequest, activity: Activity, call: Callable[[], object], message: str) -> HttpResponse:
    """Run a service; answer 204 to the drag-and-drop script, else go back to the board with a message."""
    try:
        call()
    except ValidationError as error:
        if by_script(request):
            return HttpResponse(" ".join(error.messages), status=400)
        messages.error(request, " ".join(error.messages))
    else:
        if by_script(request):
            return HttpResponse(status=204)
        messages.success(request, message)
    return redirect(_board_url(activity))


@login_required
@require_POST
def card_visibility(
    request: HttpRequest,
    project_id: uuid.UUID,
    workshop_id: uuid.UUID,
    activity_id: uuid.UUID,
    card_id: uuid.UUID,
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    card, by = card_get(activity=activity, public_id=card_id), signed_in_user(request)
    if request.POST.get("hidden") == "0":
        return _done(
            request, activity, partial(services.card_unhide, card=card, by=by), "The card is shown again"
        )
    return _done(request, activity, partial(services.card_hide, card=card, by=by), "The card is hidden")


@login_required
def card_edit(
    request: HttpRequest,
    project_id: uuid.UUID,
    workshop_id: uuid.UUID,
    activity_id: uuid.UUID,
    card_id: uuid.UUID,
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    card = card_get(activity=activity, public_id=card_id)
    data = request.POST if request.method == "POST" else None
    form = CardEditForm(data, initial={"text": card.text}, language=card.language)
    form_version_track(form, card)
    if form.is_valid():
        try:
            services.card_edit(
                card=card,
                by=signed_in_user(request),
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The card has been changed")
            return redirect(_board_url(activity))
    merge_form = CardMergeForm(others=cards_merge_targets(card=card))
    context = {**_context(request, activity), "card": card, "form": form, "merge_form": merge_form}
    return render(request, "workshops/moderation_card.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def card_merge(
    request: HttpRequest,
    project_id: uuid.UUID,
    workshop_id: uuid.UUID,
    activity_id: uuid.UUID,
    card_id: uuid.UUID,
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    card = card_get(activity=activity, public_id=card_id)
    form = CardMergeForm(request.POST, others=cards_merge_targets(card=card))
    if not form.is_valid():
        messages.error(request, "Choose the card to merge this one into")
        return redirect(_board_url(activity))
    into, by = form.card(), signed_in_user(request)
    return _done(
        request, activity, partial(services.card_merge, card=card, into=into, by=by), "The cards are merged"
    )


@login_required
@require_POST
def card_cluster(
    request: HttpRequest,
    project_id: uuid.UUID,
    workshop_id: uuid.UUID,
    activity_id: uuid.UUID,
    card_id: uuid.UUID,
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    card = card_get(activity=activity, public_id=card_id)
    form = CardClusterForm(request.POST, clusters=list(cluster_list(activity=activity)))
    if not form.is_valid():
        messages.error(request, "Choose a cluster")
        return redirect(_board_url(activity))
    cluster, by = form.chosen(), signed_in_user(request)
    done = f"The card is in {cluster.title}" if cluster else "The card is not in a cluster now"
    return _done(
        request, activity, partial(services.card_cluster_set, card=card, cluster=cluster, by=by), done
    )


@login_required
@require_POST
def cluster_create(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    form = ClusterTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a name for the cluster")
        return redirect(_board_url(activity))
    title, by = form.cleaned_data["title"], signed_in_user(request)
    return _done(
        request,
        activity,
        partial(services.cluster_create, activity=activity, by=by, title=title),
        "The cluster has been added",
    )


@login_required
def cluster_rename(
    request: HttpRequest,
    project_id: uuid.UUID,
    workshop_id: uuid.UUID,
    activity_id: uuid.UUID,
    cluster_id: uuid.UUID,
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    cluster = cluster_get(activity=activity, public_id=cluster_id)
    form = ClusterTitleForm(
        request.POST if request.method == "POST" else None, initial={"title": cluster.title}
    )
    form_version_track(form, cluster)
    if form.is_valid():
        try:
            services.cluster_rename(
                cluster=cluster,
                by=signed_in_user(request),
                title=form.cleaned_data["title"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The cluster has been renamed")
            return redirect(_board_url(activity))
    context = {"project": activity.workshop.project, "activity": activity, "cluster": cluster, "form": form}
    context["back_url"] = _board_url(activity)
    return render(request, "workshops/moderation_cluster.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def cluster_delete(
    request: HttpRequest,
    project_id: uuid.UUID,
    workshop_id: uuid.UUID,
    activity_id: uuid.UUID,
    cluster_id: uuid.UUID,
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    cluster, by = cluster_get(activity=activity, public_id=cluster_id), signed_in_user(request)
    return _done(
        request,
        activity,
        partial(services.cluster_delete, cluster=cluster, by=by),
        "The cluster has been deleted; its cards are not in a cluster now",
    )


@login_required
@require_POST
def suggestion_accept(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    form = SuggestionForm(request.POST, cards=list(cards_unclustered(activity=activity)))
    if not form.is_valid():
        messages.error(request, "These cards have changed since the suggestion was made. Look again.")
        return redirect(_board_url(activity))
    title, cards, by = form.cleaned_data["title"], form.chosen(), signed_in_user(request)
    return _done(
        request,
        activity,
        partial(services.clusters_suggestion_accept, activity=activity, by=by, title=title, cards=cards),
        f"The cluster {title} has been added",
    )


@login_required
@require_POST
def suggestion_reject(
    request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    activity = _board(request, project_id, workshop_id, activity_id)
    keys = [str(card.public_id) for card in cards_unclustered(activity=activity)]
    form = SuggestionRejectForm(request.POST, keys=keys)
    if form.is_valid():
        rejected = request.session.get(_rejected_key(activity), [])
        request.session[_rejected_key(activity)] = [*rejected, sorted(form.cleaned_data["cards"])]
        messages.success(request, "The suggestion will not be shown again")
    return redirect(_board_url(activity))
