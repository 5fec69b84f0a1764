"""Note-taker mode: enter answers given on paper to the open activity, for someone without a device.

Each answer goes through the participants' own services (services/contributions.py), for a participant
marked `on_paper`: someone entered before, or a new person of the sector the note-taker chooses.
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

from coproduce.core.forms import form_add_service_errors
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need

from ..forms.facilitate import NEW_PERSON, NoteTakerForm
from ..models import Activity, ActivityKind, Card, Cluster, PairwiseOption, Participant, Statement, Workshop
from ..selectors.core import activity_current, workshop_get
from ..selectors.live import NoteTarget, note_targets, paper_people
from ..services import contributions, pairwise_choices
from ..services.running import paper_answer_record


def _target_label(row: NoteTarget) -> str:
    text = row.title if isinstance(row, Cluster) else row.text
    return f"{text[:80]}{'…' if len(text) > 80 else ''}"


def _pick[T](targets: dict[str, NoteTarget], key: str, kind: type[T]) -> T:
    found = targets[key]
    if not isinstance(found, kind):
        raise ValidationError("Choose again: that choice is not part of this activity.")
    return found


def _service_call(
    activity: Activity, data: dict[str, Any], targets: dict[str, NoteTarget]
) -> Callable[..., object]:
    """The participant service for this kind of activity, with every argument but `participant`."""
    if activity.kind == ActivityKind.IDEA_BOARD:
        column, text, language = data["column"], data["text"], data.get("language", "")
        return partial(contributions.card_add, activity=activity, column=column, text=text, language=language)
    if activity.kind == ActivityKind.DOT_VOTE:
        target = targets[data["target"]]
        if isinstance(target, Card):
            return partial(contributions.dot_add, activity=activity, card=target)
        return partial(
            contributions.dot_add, activity=activity, cluster=_pick(targets, data["target"], Cluster)
        )
    if activity.kind == ActivityKind.STATEMENTS:
        statement, value = _pick(targets, data["statement"], Statement), int(data["value"])
        return partial(contributions.statement_vote, statement=statement, value=value)
    winner = _pick(targets, data["winner"], PairwiseOption)
    loser = _pick(targets, data["loser"], PairwiseOption)
    return partial(pairwise_choices.pairwise_vote, activity=activity, winner=winner, loser=loser)


def _save(
    form: NoteTakerForm, workshop: Workshop, people: dict[str, Participant], targets: dict[str, NoteTarget]
) -> Participant | None:
    """Record the answer for the chosen (or a new) person on paper; None when a service refused it."""
    values = form.cleaned_data
    try:
        call = _service_call(form.activity, values, targets)
        participant, _ = paper_answer_record(
            workshop=workshop,
            participant=people.get(values["person"]),
            sector=values["sector"],
            record=lambda p: call(participant=p),
        )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return None
    return participant


@login_required
def note_taker(request: HttpRequest, project_id: uuid.UUID, workshop_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.FACILITATE)
    workshop = workshop_get(project=project, public_id=workshop_id)
    activity = activity_current(workshop=workshop)
    context: dict[str, Any] = {"project": project, "workshop": workshop, "activity": activity}
    if activity is None or not activity.is_open:
        return render(request, "workshops/note_taker.html", context)
    people = {str(p.public_id): p for p in paper_people(workshop=workshop)}
    targets = note_targets(activity=activity)
    form = NoteTakerForm(
        request.POST if request.method == "POST" else None,
        initial={"person": request.GET.get("person", NEW_PERSON)},
        people=[(k, f"{p.label} ({p.get_sector_display()})") for k, p in people.items()],
        activity=activity,
        targets=[(k, _target_label(t)) for k, t in targets.items()],
    )
    if form.is_valid() and (participant := _save(form, workshop, people, targets)) is not None:
        messages.success(request, f"Saved for {participant.label}, on paper")
        kwargs = {"project_id": project.public_id, "workshop_id": workshop.public_id}
        return redirect(f"{reverse('workshops:note_taker', kwargs=kwargs)}?person={participant.public_id}")
    context["form"] = form
    return render(request, "workshops/note_taker.html", context, status=400 if form.errors else 200)
