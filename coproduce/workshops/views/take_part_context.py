"""What the take-part templates need for each kind of activity, gathered from the participation selectors."""

import uuid
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language, ngettext

from coproduce.core.plurals import PLACEHOLDER, plural_table

from ..forms.participant import CardForm, StatementForm
from ..models import Activity, ActivityKind, ActivityState, Participant
from ..selectors.participation import (
    cards_of_participant,
    cards_visible,
    dot_targets,
    dots_used,
    statement_progress,
    statement_queue,
    statement_results,
)
from ..selectors.results import ActivityResult, activity_result
from ..selectors.snapshots import result_snapshot_stamp
from ..services.pairwise_choices import pairwise_pair_serve
from ..services.snapshots import result_snapshot_ensure

QUEUE_SIZE = 20  # statements a page holds for a phone that votes over its socket


def activity_version(activity: Activity | None) -> str:
    """Changes whenever the participant's screen must change: another activity, state or timer, or the
    stored scores of revealed pairwise choices."""
    if activity is None:
        return "waiting"
    timer = activity.timer_ends_at.isoformat() if activity.timer_ends_at else ""
    version = f"{activity.public_id}.{activity.state}.{timer}"
    if activity.is_revealed and activity.kind == ActivityKind.PAIRWISE:
        version += f".{result_snapshot_stamp(activity=activity)}"
    return version


def refused_counts() -> str:
    """ "2 answers were not saved:" in the page's language, for every count (take-part-queue.js)."""
    return _refused_counts(get_language() or "")


@lru_cache(maxsize=32)
def _refused_counts(language: str) -> str:
    return plural_table(
        lambda count: (
            ngettext("%(count)s answer was not saved:", "%(count)s answers were not saved:", count)
            % {"count": PLACEHOLDER}
        )
    )


def stored_result(activity: Activity) -> ActivityResult:
    """The stored result (pairwise scores, or the statements analysis) of a revealed activity. A phone or
    the projector never works it out: when none is stored or being worked out, it asks for it (one screen of
    many queues the task) and says so."""
    result = activity_result(activity=activity)
    if result.working:
        result_snapshot_ensure(activity=activity)
        result = activity_result(activity=activity)
    return result


def _number(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isdigit() else None


def _uuids(value: str) -> frozenset[uuid.UUID]:
    try:
        return frozenset(uuid.UUID(part) for part in value.split(",") if part)
    except ValueError:
        return frozenset()


def _idea_board(activity: Activity, participant: Participant, extra: dict[str, Any]) -> dict[str, Any]:
    columns = [str(c) for c in activity.columns or []]
    form = extra.get("card_form") or CardForm(columns=columns, max_length=activity.max_length)
    context: dict[str, Any] = {
        "card_form": form,
        "my_cards": list(cards_of_participant(activity=activity, participant=participant)),
    }
    if activity.is_revealed:
        cards = list(cards_visible(activity=activity).select_related("participant"))
        known = [*columns, *sorted({c.column for c in cards} - set(columns))]
        context["board"] = [(column, [c for c in cards if c.column == column]) for column in known]
    return context


def _dot_vote(activity: Activity, participant: Participant, extra: dict[str, Any]) -> dict[str, Any]:
    targets = dot_targets(activity=activity, participant=participant)
    used = sum(t.mine for t in targets) if targets else dots_used(activity=activity, participant=participant)
    context: dict[str, Any] = {"targets": targets, "dots_left": max(activity.dots - used, 0)}
    if activity.is_revealed:
        context["results"] = sorted(targets, key=lambda t: -t.total)
    return context


def _statements(activity: Activity, participant: Participant, extra: dict[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if activity.is_revealed:
        context["results"] = list(statement_results(activity=activity))
        return context
    after = extra.get("after")
    # The next statement first, then the rest: the page shows one at a time, and with the socket it moves
    # to the next itself after a vote (take-part.js), without asking the server again. The answer to a
    # vote posted as a form asks for the next one only (`queue_size`), as that path has no socket.
    most = extra.get("queue_size", QUEUE_SIZE)
    context["queue"] = statement_queue(activity=activity, participant=participant, after=after, most=most)
    context["voted"], context["shown"] = statement_progress(activity=activity, participant=participant)
    if activity.allow_participant_statements:
        context["statement_form"] = extra.get("statement_form") or StatementForm()
    return context


def _pairwise(activity: Activity, participant: Participant, extra: dict[str, Any]) -> dict[str, Any]:
    if activity.is_revealed:
        return {"results": stored_result(activity)}  # the scores the results page shows, as stored
    # The pair is recorded as served to this participant: only it can be answered, once.
    served = pairwise_pair_serve(
        activity=activity, participant=participant, skip=extra.get("skip", frozenset())
    )
    return {"pair": served.options if served else None, "served": served}


_BY_KIND: dict[str, Callable[[Activity, Participant, dict[str, Any]], dict[str, Any]]] = {
    ActivityKind.IDEA_BOARD: _idea_board,
    ActivityKind.DOT_VOTE: _dot_vote,
    ActivityKind.STATEMENTS: _statements,
    ActivityKind.PAIRWISE: _pairwise,
}


def activity_context(
    *, activity: Activity | None, participant: Participant, query: Mapping[str, str], **extra: Any
) -> dict[str, Any]:
    """The template context for `activity` as `participant` sees it; `query` holds skips (after=, not=)."""
    if activity is None:
        return {"kind_template": None, **extra}
    extra.setdefault("after", _number(query, "after"))
    extra.setdefault("skip", _uuids(query.get("not", "")))
    context = {**extra, **_BY_KIND[activity.kind](activity, participant, extra)}
    context["kind_template"] = f"workshops/public/_activity_{activity.kind}.html"
    context["is_closed"] = activity.state == ActivityState.CLOSED
    return context
