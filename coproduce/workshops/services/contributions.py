"""What participants send while an activity is open: cards, dots, statements and votes (pairwise choices
are in pairwise_choices.py).

Every write is refused unless the workshop is live and the activity open, is counted against the
participant's rate limit, and is idempotent on `client_key`: a submission repeated after a dropped
connection returns the stored row and changes nothing.

Audit: cards and statements are audited, because a facilitator may later hide, edit or reject them and the
trail should show who (by number) wrote what was moderated. Votes (dots, statement votes, pairwise choices)
are not: each vote row is itself the record, with its participant and time, and an audit row per vote would
double the writes on the busiest path (hundreds a second in a large room) for no extra information.
"""

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coproduce.core import metrics
from coproduce.core.languages import content_language

from ..broadcast import SCREENS, broadcast, broadcast_tally
from ..models import (
    Activity,
    ActivityKind,
    ActivityState,
    Card,
    Cluster,
    DotVote,
    Participant,
    Statement,
    StatementStatus,
    StatementVote,
    VoteTarget,
    WorkshopStatus,
)
from ..ratelimit import rate_limit_hit
from ..selectors.live import statement_counts
from ..text import plain_text
from .participation import participant_audit

NOT_OPEN = _("This activity is not open for answers now.")
NOT_LIVE = _("This workshop is not running now.")
NOT_JOINED = _("You have not joined this workshop.")
WRONG_KIND = _("This activity does not take that kind of answer.")
NOT_SHOWN = _("That statement is no longer shown.")
NOT_ACCEPTED = _("That statement is not open for votes.")
CHOOSE_VALUE = _("Choose agree, disagree or pass.")
STATEMENT_MAX_LENGTH = 300
NUMBER_ATTEMPTS = 20
VOTE_VALUES = {1, 0, -1}


def _broadcast(activity: Activity, event: str, **counts: int) -> None:
    broadcast(
        workshop_public_id=str(activity.workshop.public_id),
        event=event,
        audiences=(SCREENS,),
        activity=str(activity.public_id),
        **counts,
    )


def _tally(activity: Activity, event: str, name: str, count: Callable[[], int]) -> None:
    """A running total for the screens, counted after the commit and sent at most every tally window."""
    broadcast_tally(
        workshop_public_id=str(activity.workshop.public_id),
        event=event,
        activity_public_id=str(activity.public_id),
        count=lambda: {name: count()},
    )


def answer_refusal(
    *,
    joined_workshop_id: int | None,
    workshop_id: int,
    workshop_status: str,
    kind: str,
    expected_kind: str,
    state: str,
) -> ValidationError | None:
    """Why an answer to an activity is refused, or None: the participant (in `joined_workshop_id`) must be in
    the activity's live workshop, and the activity open and of the kind answered. The one rule for answers
    posted as forms (`_check_open`) and for votes saved in batches (statement_votes.py)."""
    if joined_workshop_id != workshop_id:
        return ValidationError(NOT_JOINED, code="not_joined")
    if kind != expected_kind:
        return ValidationError(WRONG_KIND, code="wrong_kind")
    if workshop_status != WorkshopStatus.LIVE:
        return ValidationError(NOT_LIVE, code="not_live")
    if state != ActivityState.OPEN:
        return ValidationError(NOT_OPEN, code="closed")
    return None


def _check_open(*, activity: Activity, participant: Participant, kind: ActivityKind) -> None:
    """Refuse unless `participant` is in the live workshop of `activity`, open and of `kind`."""
    refusal = answer_refusal(
        joined_workshop_id=participant.workshop_id,
        workshop_id=activity.workshop_id,
        workshop_status=activity.workshop.status,
        kind=activity.kind,
        expected_kind=kind,
        state=activity.state,
    )
    if refusal is not None:
        raise refusal


def _create_once(
    model: type[Model], *, key_field: str, owner: Participant, client_key: Any, **fields: Any
) -> Any:
    """Create a row in a savepoint; if the same `client_key` beat us to it, return that row instead."""
    try:
        with transaction.atomic():
            return model._default_manager.create(**{key_field: owner}, client_key=client_key, **fields)
    except IntegrityError:
        existing = _stored(model, key_field=key_field, owner=owner, client_key=client_key)
        if existing is None:
            raise
        return existing


def _stored(model: type[Model], *, key_field: str, owner: Participant, client_key: Any) -> Any:
    if client_key is None:
        return None
    # At most one row has this owner and key (a unique constraint): no ordering needed to pick it.
    found = model._default_manager.filter(**{key_field: owner, "client_key": client_key}).order_by()[:1]
    return next(iter(found), None)


def _audit(action: str, obj: Model, *, activity: Activity, participant: Participant, **changes: Any) -> None:
    participant_audit(
        participant=participant,
        project_id=activity.workshop.project_id,
        action=action,
        obj=obj,
        about=str(obj._meta.verbose_name).capitalize(),
        changes={"activity": str(activity.public_id), **changes},
    )


@transaction.atomic
def card_add(
    *,
    activity: Activity,
    participant: Participant,
    column: str,
    text: str,
    client_key: uuid.UUID | None = None,
    language: str | None = None,
) -> Card:
    """Add a card to one of the idea board's columns; the text is stored as plain text.

    `language` is the one the card is written in, for a card the team types in (a note-taker's, from paper):
    one the site offers, or "" for not stated. None, for a participant's own card, is the page's language."""
    if (
        stored := _stored(Card, key_field="participant", owner=participant, client_key=client_key)
    ) is not None:
        return stored  # type: ignore[no-any-return]
    _check_open(activity=activity, participant=participant, kind=ActivityKind.IDEA_BOARD)
    rate_limit_hit(participant=participant)
    columns = [str(c) for c in activity.columns or []]
    if columns and column not in columns:
        raise ValidationError(_("Choose one of the columns."), code="column")
    clean = plain_text(text, max_length=activity.max_length)
    if not clean:
        raise ValidationError(_("Write your idea before adding it."), code="empty")
    written_in = content_language() if language is None else _offered_language(language)
    card: Card = _create_once(
        Card,
        key_field="participant",
        owner=participant,
        client_key=client_key,
        activity=activity,
        column=column,
        text=clean,
        language=written_in,
    )
    _audit("workshops.card.added", card, activity=activity, participant=participant, column=column)
    _tally(activity, "card.added", "cards", Card.objects.filter(activity=activity).count)
    return card


def _offered_language(language: str) -> str:
    """`language` checked to be "" (not stated) or one the site offers, as settings.LANGUAGES spells it."""
    offered = {code.lower(): code.lower() for code, _name in settings.LANGUAGES}
    if language and language.lower() not in offered:
        raise ValidationError(_("Choose one of the languages."), code="language")
    return offered.get(language.lower(), "")


def _dot_target(
    *, activity: Activity, card: Card | None, cluster: Cluster | None
) -> dict[str, Card | Cluster]:
    """The card or cluster a dot goes on, checked to be a visible one of the activity's idea board."""
    source_id = activity.source_id or activity.pk
    if activity.vote_on == VoteTarget.CLUSTERS:
        if cluster is None or card is not None or cluster.activity_id != source_id:
            raise ValidationError(_("Choose one of the groups of ideas."), code="target")
        return {"cluster": cluster}
    if card is None or cluster is not None or card.activity_id != source_id:
        raise ValidationError(_("Choose one of the ideas."), code="target")
    if card.hidden or card.merged_into_id is not None:
        raise ValidationError(_("That idea is no longer shown. Choose another."), code="target")
    return {"card": card}


def _dots_used(activity: Activity, participant: Participant) -> set[int]:
    return set(
        DotVote.objects.filter(activity=activity, participant=participant).values_list("slot", flat=True)
    )


def _dot_count(activity: Activity) -> int:
    return DotVote.objects.filter(activity=activity).count()


@transaction.atomic
def dot_add(
    *,
    activity: Activity,
    participant: Participant,
    card: Card | None = None,
    cluster: Cluster | None = None,
    client_key: uuid.UUID | None = None,
) -> DotVote:
    """Place one dot in the participant's lowest free slot; the database refuses a slot beyond the allowance.

    Two requests at once may both see slot 2 free: one insert wins, the other hits `one_dot_per_slot` and
    tries the next slot. No slot is left after the allowance, so the dots never exceed it.
    """
    if (
        stored := _stored(DotVote, key_field="participant", owner=participant, client_key=client_key)
    ) is not None:
        return stored  # type: ignore[no-any-return]
    _check_open(activity=activity, participant=participant, kind=ActivityKind.DOT_VOTE)
    rate_limit_hit(participant=participant)
    target = _dot_target(activity=activity, card=card, cluster=cluster)
    used = _dots_used(activity, participant)
    for slot in range(1, activity.dots + 1):
        if slot in used:
            continue
        try:
            with transaction.atomic():
                dot = DotVote.objects.create(
                    activity=activity,
                    participant=participant,
                    slot=slot,
                    allowance=activity.dots,
                    client_key=client_key,
                    **target,
                )
        except IntegrityError:
            if stored := _stored(DotVote, key_field="participant", owner=participant, client_key=client_key):
                return stored  # type: ignore[no-any-return]
            continue
        _tally(activity, "dot.changed", "dots", partial(_dot_count, activity))
        metrics.votes_recorded(kind="dot")
        return dot
    raise ValidationError(
        ngettext("You have used your %(dots)d dot.", "You have used all your %(dots)d dots.", activity.dots)
        % {"dots": activity.dots},
        code="allowance",
    )


@transaction.atomic
def dot_remove(
    *,
    activity: Activity,
    participant: Participant,
    card: Card | None = None,
    cluster: Cluster | None = None,
    client_key: uuid.UUID | None = None,
) -> None:
    """Take back the participant's latest dot on `card` (or `cluster`); its slot becomes free again.

    A removal leaves no row to find again, so a repeated `client_key` is remembered in the cache for ten
    minutes instead.
    """
    _check_open(activity=activity, participant=participant, kind=ActivityKind.DOT_VOTE)
    if client_key is not None and not cache.add(f"workshops:dot-remove:{client_key}", 1, timeout=600):
        return
    rate_limit_hit(participant=participant)
    target = {"card": card} if card is not None else {"cluster": cluster}
    if card is None and cluster is None:
        raise ValidationError(_("Choose the idea to take your dot from."), code="target")
    dot = (
        DotVote.objects.filter(activity=activity, participant=participant, **target).order_by("-slot").first()
    )
    if dot is None:
        raise ValidationError(_("You have no dot on that to take back."), code="no_dot")
    dot.delete()
    _tally(activity, "dot.changed", "dots", partial(_dot_count, activity))


def _create_statement(
    *, activity: Activity, participant: Participant, text: str, client_key: Any
) -> Statement:
    """Number the statement one more than the highest, trying again when someone else took the number."""
    status = StatementStatus.PENDING if activity.moderate_statements else StatementStatus.ACCEPTED
    for _attempt in range(NUMBER_ATTEMPTS):
        highest = Statement.objects.filter(activity=activity).aggregate(m=Max("number"))["m"]
        try:
            with transaction.atomic():
                return Statement.objects.create(
                    activity=activity,
                    author=participant,
                    number=(highest or 0) + 1,
                    text=text,
                    language=content_language(),
                    status=status,
                    client_key=client_key,
                )
        except IntegrityError:
            if stored := _stored(Statement, key_field="author", owner=participant, client_key=client_key):
                return stored  # type: ignore[no-any-return]
    raise ValidationError(_("Too many statements are arriving at once. Try again."), code="busy")


@transaction.atomic
def statement_add(
    *, activity: Activity, participant: Participant, text: str, client_key: uuid.UUID | None = None
) -> Statement:
    """Add a participant's own statement for everyone to vote on (when the activity allows it). When the
    activity has `moderate_statements`, it waits for a facilitator (services/statement_moderation.py)."""
    if (
        stored := _stored(Statement, key_field="author", owner=participant, client_key=client_key)
    ) is not None:
        return stored  # type: ignore[no-any-return]
    _check_open(activity=activity, participant=participant, kind=ActivityKind.STATEMENTS)
    if not activity.allow_participant_statements:
        raise ValidationError(_("This activity does not take new statements."), code="not_allowed")
    rate_limit_hit(participant=participant)
    clean = plain_text(text, max_length=STATEMENT_MAX_LENGTH)
    if not clean:
        raise ValidationError(_("Write your statement before adding it."), code="empty")
    statement = _create_statement(
        activity=activity, participant=participant, text=clean, client_key=client_key
    )
    _audit("workshops.statement.added", statement, activity=activity, participant=participant)
    statement_counts_broadcast(activity, "statement.added")
    return statement


def statement_counts_broadcast(activity: Activity, event: str) -> None:
    """Tell the screens how many statements are shown and how many wait for a facilitator."""
    counts = statement_counts(activity=activity)
    _broadcast(activity, event, statements=counts.shown, waiting=counts.waiting)


@transaction.atomic
def statement_vote(*, statement: Statement, participant: Participant, value: int) -> StatementVote:
    """Record (or replace) the participant's vote on a statement: 1 agree, -1 disagree, 0 pass.

    This is the busiest write in a workshop, so it stays lean: pass `statement` with `activity__workshop`
    selected, and it costs one upsert and one count (plus the rate limit's cache hit). A repeat is
    harmless: it stores the same value again.
    """
    activity = statement.activity
    _check_open(activity=activity, participant=participant, kind=ActivityKind.STATEMENTS)
    if statement.status != StatementStatus.ACCEPTED:
        raise ValidationError(NOT_ACCEPTED, code="not_accepted")
    if value not in VOTE_VALUES:
        raise ValidationError(CHOOSE_VALUE, code="value")
    rate_limit_hit(participant=participant)
    # One INSERT ... ON CONFLICT DO UPDATE (PostgreSQL and SQLite) instead of update_or_create's
    # savepoints, locking read and second write: the same upsert, in one statement.
    (vote,) = StatementVote.objects.bulk_create(
        [StatementVote(statement=statement, participant=participant, value=value)],
        update_conflicts=True,
        unique_fields=["statement", "participant"],
        update_fields=["value", "updated_at"],
    )
    votes = StatementVote.objects.filter(statement__activity_id=activity.pk)
    _tally(activity, "statement.voted", "votes", votes.count)
    metrics.votes_recorded(kind="statement")
    return vote
