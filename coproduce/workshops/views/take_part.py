"""Taking part from a phone: the current activity, and one endpoint per kind of answer.

Without JavaScript every form is a plain POST answered by a redirect to the page (post/redirect/get). With
HTMX the answer is the `#activity` fragment of the same template, so the HTML has one source. A refused
answer (activity closed, too many answers, no dots left) comes back as an error message with status 400
(429 for the rate limit), and nothing is stored. `link_project` (not `project`) goes to the templates, so
the team's navigation is not shown.
"""

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh
from django_htmx.middleware import HtmxDetails

from coproduce.core.forms import form_add_service_errors
from coproduce.core.versions import record_version
from coproduce.projects.permissions import may_change_contribution

from ..forms.participant import CardForm, DotForm, OwnCardForm, PairwiseForm, StatementForm, StatementVoteForm
from ..identity import participant_from_cookies
from ..models import Activity, Card, Cluster, PairwiseOption, Participant, Statement, Workshop, WorkshopStatus
from ..offline_copy import offline_copy_allow
from ..ratelimit import RateLimited
from ..selectors.core import activity_current, activity_open_latest
from ..selectors.participation import activities_answered, card_in_workshop, workshop_for_code
from ..services.contributions import (
    CHOOSE_VALUE,
    NOT_SHOWN,
    card_add,
    dot_add,
    dot_remove,
    statement_add,
    statement_vote,
)
from ..services.own_cards import card_edit_own, card_withdraw
from ..services.pairwise_choices import CHOOSE_SHOWN, pairwise_vote
from ..services.participation import participant_seen_if_due
from .join import participant_current, workshop_closed
from .take_part_context import activity_context, activity_version, refused_counts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # the type of a lazily translated message

PAGE = "workshops/public/take_part.html"
# Refusals about what was typed, shown on the form next to the text; others are shown at the top.
TYPED_PROBLEMS = {"empty", "column"}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass(frozen=True)
class Visit:
    workshop: Workshop
    participant: Participant


def _visit(request: HtmxHttpRequest, join_code: str) -> Visit | HttpResponse:
    """The workshop and participant of this request, or the response that sends them elsewhere.

    A phone that joined a live workshop is known in one query (`participant_from_cookies`); anything else
    is looked at step by step, for the answer it needs."""
    participant = participant_from_cookies(join_code=join_code, cookies=request.COOKIES)
    if participant is not None and participant.workshop.status == WorkshopStatus.LIVE:
        participant_seen_if_due(participant=participant)
        return Visit(participant.workshop, participant)
    workshop = workshop_for_code(join_code=join_code)
    if workshop is None or workshop.status != WorkshopStatus.LIVE:
        if request.htmx:
            return HttpResponseClientRefresh()
        return workshop_closed(request, workshop, thanks=workshop is not None)
    participant = participant_current(request, workshop)
    if participant is None:
        url = reverse("workshops_public:join_workshop", kwargs={"join_code": workshop.join_code})
        return HttpResponseClientRefresh() if request.htmx else redirect(url)
    participant_seen_if_due(participant=participant)
    return Visit(workshop, participant)


def _render(
    request: HtmxHttpRequest,
    visit: Visit,
    *,
    activity: Activity | None = None,
    fragment: bool = False,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    if activity is None:
        activity = activity_current(workshop=visit.workshop)
    context = {
        "workshop": visit.workshop,
        "participant": visit.participant,
        # Read only if a template shows it (the take-part pages do not): the phone's query leaves it out.
        "link_project": SimpleLazyObject(lambda: visit.workshop.project),
        "activity": activity,
        "version": activity_version(activity),
        "new_key": uuid.uuid4,  # a fresh client_key each time a template uses it
        **activity_context(activity=activity, participant=visit.participant, query=request.GET, **extra),
    }
    if not fragment:
        context["refused_counts"] = refused_counts()
    return render(request, PAGE + ("#activity" if fragment else ""), context, status=status)


def _answered(
    request: HtmxHttpRequest,
    visit: Visit,
    error: ValidationError | None = None,
    *,
    form: tuple[str, Form] | None = None,
    notice: "StrOrPromise" = "",
    current: Activity | None = None,
) -> HttpResponse:
    """After an answer: the page again (redirect, or the fragment for HTMX), with the error if refused.

    A refusal of a typed answer is shown on its `form` (name in the template, bound form), so the text
    typed is kept; any other refusal is shown at the top. `current`: the activity the page shows, when
    already read.
    """
    if error is None and not request.htmx:
        if notice:
            messages.success(request, notice)
        return redirect("workshops_public:take_part", join_code=visit.workshop.join_code)
    extra: dict[str, Any] = {"notice": notice}
    status = 200 if error is None else 429 if isinstance(error, RateLimited) else 400
    if error is not None and form is not None and getattr(error, "code", None) in TYPED_PROBLEMS:
        form_add_service_errors(form[1], error)
        extra[form[0]] = form[1]
    elif error is not None:
        extra["error"] = error.messages[0]
    return _render(request, visit, activity=current, fragment=bool(request.htmx), status=status, **extra)


def _invalid(
    request: HtmxHttpRequest, visit: Visit, form: Form, name: str = "", *, current: Activity | None = None
) -> HttpResponse:
    """A form that did not parse: its errors on it (`name` in the template), or the first at the top."""
    extra: dict[str, Any] = {name: form} if name else {"error": next(iter(form.errors.values()))[0]}
    return _render(request, visit, activity=current, fragment=bool(request.htmx), status=400, **extra)


@require_GET
def take_part(request: HtmxHttpRequest, join_code: str) -> HttpResponse:
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    response = _render(request, visit)
    offline_copy_allow(response)
    return response


@require_GET
def take_part_partial(request: HtmxHttpRequest, join_code: str) -> HttpResponse:
    """The current activity's fragment; 204 when it is still the version the page has (`known`)."""
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    activity = activity_current(workshop=visit.workshop)
    if request.GET.get("known") == activity_version(activity):
        return HttpResponse(status=204)
    return _render(request, visit, activity=activity, fragment=True)


@dataclass(frozen=True)
class Answering:
    """The activity an answer is for, and the one the page shows afterwards (None: not read yet)."""

    activity: Activity
    current: Activity | None


def _activity(visit: Visit, public_id: uuid.UUID) -> Answering | ValidationError:
    """The activity answered and, in the same query, the open one the answer page shows."""
    found = activities_answered(workshop=visit.workshop, public_id=public_id)
    activity = next((a for a in found if a.public_id == public_id), None)
    if activity is None:
        return ValidationError(_("That activity is not part of this workshop."))
    return Answering(activity, activity_open_latest(found))


@require_POST
def card_create(request: HtmxHttpRequest, join_code: str, activity_id: uuid.UUID) -> HttpResponse:
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    answering = _activity(visit, activity_id)
    if isinstance(answering, ValidationError):
        return _answered(request, visit, answering)
    activity, current = answering.activity, answering.current
    form = CardForm(request.POST, columns=list(activity.columns or []), max_length=activity.max_length)
    if not form.is_valid():
        return _invalid(request, visit, form, "card_form", current=current)
    try:
        card_add(activity=activity, participant=visit.participant, **form.cleaned_data)
    except ValidationError as error:
        return _answered(request, visit, error, form=("card_form", form), current=current)
    return _answered(request, visit, notice=_("Your idea has been added."), current=current)


def _dot_target(activity: Activity, form: DotForm) -> tuple[Card | None, Cluster | None]:
    """The card or cluster a dot form names, looked up on the activity's idea board."""
    source_id = activity.source_id or activity.pk
    card_id, cluster_id = form.cleaned_data["card"], form.cleaned_data["cluster"]
    card = Card.objects.filter(activity_id=source_id, public_id=card_id).first() if card_id else None
    cluster = (
        Cluster.objects.filter(activity_id=source_id, public_id=cluster_id).first() if cluster_id else None
    )
    if card is None and cluster is None:
        raise ValidationError(_("Choose one of the ideas."))
    return card, cluster


def _dot(request: HtmxHttpRequest, join_code: str, vote_activity_id: uuid.UUID, *, add: bool) -> HttpResponse:
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    answering = _activity(visit, vote_activity_id)
    if isinstance(answering, ValidationError):
        return _answered(request, visit, answering)
    activity, current = answering.activity, answering.current
    form = DotForm(request.POST)
    if not form.is_valid():
        return _invalid(request, visit, form, current=current)
    try:
        card, cluster = _dot_target(activity, form)
        change = dot_add if add else dot_remove
        key = form.cleaned_data["client_key"]
        change(activity=activity, participant=visit.participant, card=card, cluster=cluster, client_key=key)
    except ValidationError as error:
        return _answered(request, visit, error, current=current)
    return _answered(request, visit, current=current)


@require_POST
def dot_create(request: HtmxHttpRequest, join_code: str, vote_activity_id: uuid.UUID) -> HttpResponse:
    return _dot(request, join_code, vote_activity_id, add=True)


@require_POST
def dot_delete(request: HtmxHttpRequest, join_code: str, vote_activity_id: uuid.UUID) -> HttpResponse:
    return _dot(request, join_code, vote_activity_id, add=False)


@require_POST
def statement_create(
    request: HtmxHttpRequest, join_code: str, statements_activity_id: uuid.UUID
) -> HttpResponse:
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    answering = _activity(visit, statements_activity_id)
    if isinstance(answering, ValidationError):
        return _answered(request, visit, answering)
    activity, current = answering.activity, answering.current
    form = StatementForm(request.POST)
    if not form.is_valid():
        return _invalid(request, visit, form, "statement_form", current=current)
    try:
        statement_add(activity=activity, participant=visit.participant, **form.cleaned_data)
    except ValidationError as error:
        return _answered(request, visit, error, form=("statement_form", form), current=current)
    if activity.moderate_statements:
        notice = _("Thank you. Your statement will be shown once a facilitator has checked it.")
    else:
        notice = _("Your statement has been added. Others can now vote on it.")
    return _answered(request, visit, notice=notice, current=current)


@require_POST
def statement_vote_cast(request: HtmxHttpRequest, join_code: str, statement_id: uuid.UUID) -> HttpResponse:
    """Agree, disagree or pass on one statement, then the next statement. Lean: the load test drives it."""
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    statement = (
        Statement.objects.select_related("activity__workshop")
        .filter(activity__workshop=visit.workshop, public_id=statement_id)
        .first()
    )
    form = StatementVoteForm(request.POST)
    if statement is None:
        return _answered(request, visit, ValidationError(NOT_SHOWN))
    if not form.is_valid():
        return _answered(request, visit, ValidationError(CHOOSE_VALUE))
    try:
        statement_vote(statement=statement, participant=visit.participant, value=form.vote())
    except ValidationError as error:
        return _answered(request, visit, error)
    if not request.htmx:
        url = reverse("workshops_public:take_part", kwargs={"join_code": visit.workshop.join_code})
        return redirect(f"{url}?after={statement.number}")
    return _render(
        request, visit, activity=statement.activity, fragment=True, after=statement.number, queue_size=1
    )


@require_POST
def pairwise_choose(
    request: HtmxHttpRequest, join_code: str, pairwise_activity_id: uuid.UUID
) -> HttpResponse:
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    answering = _activity(visit, pairwise_activity_id)
    if isinstance(answering, ValidationError):
        return _answered(request, visit, answering)
    activity, current = answering.activity, answering.current
    form = PairwiseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, visit, form, current=current)
    options = {o.public_id: o for o in PairwiseOption.objects.filter(activity=activity)}
    winner, loser = options.get(form.cleaned_data["winner"]), options.get(form.cleaned_data["loser"])
    if winner is None or (form.cleaned_data["loser"] is not None and loser is None):
        return _answered(request, visit, ValidationError(CHOOSE_SHOWN), current=current)
    try:
        pairwise_vote(
            activity=activity,
            participant=visit.participant,
            winner=winner,
            loser=loser,
            pair=form.cleaned_data["pair"],
            client_key=form.cleaned_data["client_key"],
        )
    except ValidationError as error:
        return _answered(request, visit, error, current=current)
    return _answered(request, visit, current=current)


def _own_card(visit: Visit, card_id: uuid.UUID) -> Card:
    """The participant's own card: another's is refused (403) before anything of it is shown."""
    card = card_in_workshop(workshop=visit.workshop, public_id=card_id)
    if card is None:
        raise Http404("No such idea in this workshop.")
    if not may_change_contribution(participant_id=visit.participant.pk, author_id=card.participant_id):
        raise PermissionDenied
    return card


@require_http_methods(["GET", "POST"])
def card_change(request: HtmxHttpRequest, join_code: str, card_id: uuid.UUID) -> HttpResponse:
    """Change the words of one's own card (GET the form, POST the new words); another's card is refused
    (403), its page as well as its change."""
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    card = _own_card(visit, card_id)
    initial = {"text": card.text, "version": record_version(card)}
    form = OwnCardForm(request.POST or None, initial=initial, max_length=card.activity.max_length)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            card_edit_own(
                card=card, participant=visit.participant, text=data["text"], version=data["version"]
            )
        except ValidationError as problem:
            error = problem.messages[0]
            if problem.code == "edit_conflict":  # their words kept; saving again keeps them over the change
                form = OwnCardForm(
                    initial={"text": data["text"], "version": record_version(card)},
                    max_length=card.activity.max_length,
                )
        else:
            messages.success(request, _("Your idea has been changed."))
            return redirect("workshops_public:take_part", join_code=visit.workshop.join_code)
    context = {"workshop": visit.workshop, "card": card, "form": form, "error": error}
    status = 400 if error or form.errors else 200
    return render(request, "workshops/public/card_change.html", context, status=status)


@require_POST
def card_take_back(request: HtmxHttpRequest, join_code: str, card_id: uuid.UUID) -> HttpResponse:
    visit = _visit(request, join_code)
    if isinstance(visit, HttpResponse):
        return visit
    card = _own_card(visit, card_id)
    try:
        card_withdraw(card=card, participant=visit.participant)
    except ValidationError as problem:
        form = OwnCardForm(initial={"text": card.text}, max_length=card.activity.max_length)
        context = {"workshop": visit.workshop, "card": card, "form": form, "error": problem.messages[0]}
        return render(request, "workshops/public/card_change.html", context, status=400)
    messages.success(request, _("Your idea has been taken back."))
    return redirect("workshops_public:take_part", join_code=visit.workshop.join_code)
