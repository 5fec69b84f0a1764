"""The agenda of a workshop: activities in order, each with its kind's settings.

Once an activity is open or has contributions it is "in use": changes that would lose or invalidate what
people contributed (a column with cards, dots already placed, statements or options already voted on) are
refused with a plain-English message.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record

from ..models import (
    Activity,
    ActivityKind,
    ActivityState,
    PairwiseOption,
    Statement,
    VoteTarget,
    Workshop,
    WorkshopStatus,
)
from ..models.activities import DEFAULT_COLUMNS
from ..selectors.planning import activity_delete_refusal, activity_in_use
from ..text import plain_text
from .snapshots import result_snapshot_request

MAX_COLUMNS = 6
OPTIONS_FROM = ("clusters", "cards")


@dataclass(frozen=True)
class ActivitySettings:
    """What the team sets for an activity. Only the settings of the activity's kind are used."""

    title: str
    prompt: str = ""
    minutes: int | None = None
    columns: list[str] = field(default_factory=lambda: list(DEFAULT_COLUMNS))
    max_length: int = 200
    dots: int = 3
    vote_on: str = VoteTarget.CARDS
    source: Activity | None = None
    seed_statements: list[str] = field(default_factory=list)
    allow_participant_statements: bool = True
    moderate_statements: bool = False
    options: list[str] = field(default_factory=list)
    options_from: str = ""


def _lines(values: list[str], *, max_length: int) -> list[str]:
    seen: list[str] = []
    for value in values:
        text = plain_text(value, max_length=max_length)
        if text and text not in seen:
            seen.append(text)
    return seen


def _check_common(workshop: Workshop, kind: str, settings: ActivitySettings) -> None:
    if not settings.title.strip():
        raise ValidationError({"title": "Enter a title for the activity"})
    if settings.minutes is not None and not 1 <= settings.minutes <= 600:
        raise ValidationError({"minutes": "Planned minutes must be between 1 and 600"})
    if settings.source is not None and (
        settings.source.workshop_id != workshop.pk or settings.source.kind != ActivityKind.IDEA_BOARD
    ):
        raise ValidationError({"source": "Choose an idea board of this workshop"})
    if kind == ActivityKind.IDEA_BOARD:
        columns = _lines(settings.columns, max_length=60)
        if not 1 <= len(columns) <= MAX_COLUMNS:
            raise ValidationError({"columns": f"Enter between 1 and {MAX_COLUMNS} columns, one per line"})
        if not 20 <= settings.max_length <= 500:
            raise ValidationError({"max_length": "The longest card must be between 20 and 500 characters"})
    if kind == ActivityKind.DOT_VOTE:
        if not 1 <= settings.dots <= 20:
            raise ValidationError({"dots": "Give each person between 1 and 20 dots"})
        if settings.source is None:
            raise ValidationError({"source": "Choose the idea board the ideas come from"})
    if kind == ActivityKind.PAIRWISE:
        _check_pairwise(settings)


def _check_pairwise(settings: ActivitySettings) -> None:
    if settings.options_from:
        if settings.options_from not in OPTIONS_FROM or settings.source is None:
            raise ValidationError({"source": "Choose the idea board to copy the options from"})
    elif len(_lines(settings.options, max_length=300)) < 2:
        raise ValidationError({"options": "Enter at least two options, one per line"})


def _kind_values(kind: str, settings: ActivitySettings) -> dict[str, object]:
    values: dict[str, object] = {
        "title": settings.title.strip(),
        "prompt": settings.prompt.strip(),
        "minutes": settings.minutes,
    }
    if kind == ActivityKind.IDEA_BOARD:
        values |= {"columns": _lines(settings.columns, max_length=60), "max_length": settings.max_length}
    elif kind == ActivityKind.DOT_VOTE:
        values |= {"dots": settings.dots, "vote_on": settings.vote_on, "source": settings.source}
    elif kind == ActivityKind.STATEMENTS:
        values |= {
            "allow_participant_statements": settings.allow_participant_statements,
            "moderate_statements": settings.moderate_statements,
        }
    elif kind == ActivityKind.PAIRWISE:
        values |= {"source": settings.source if settings.options_from else None}
    return values


@transaction.atomic
def activity_create(*, workshop: Workshop, by: User, kind: str, settings: ActivitySettings) -> Activity:
    """Add an activity at the end of the agenda, with its seed statements or pairwise options."""
    if workshop.status == WorkshopStatus.ENDED:
        raise ValidationError("This workshop has ended: its agenda can no longer change.")
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": "Choose a kind of activity"})
    _check_common(workshop, kind, settings)
    last = workshop.activities.aggregate(last=Max("order"))["last"]
    activity = Activity(workshop=workshop, kind=kind, order=0 if last is None else last + 1)
    fields_assign(activity, _kind_values(kind, settings))
    activity.save()
    _sync_contents(activity, settings, in_use=False)
    audit_record(
        action="workshops.activity.created",
        by=by,
        obj=activity,
        project_id=workshop.project_id,
        changes={"kind": kind, "workshop": workshop.pk},
    )
    return activity


def _sync_contents(activity: Activity, settings: ActivitySettings, *, in_use: bool) -> None:
    if activity.kind == ActivityKind.STATEMENTS:
        _seeds_sync(activity, _lines(settings.seed_statements, max_length=300), in_use=in_use)
    elif activity.kind == ActivityKind.PAIRWISE:
        if settings.options_from:
            if not in_use:
                pairwise_options_copy(activity=activity, from_=settings.options_from)
        else:
            _options_sync(activity, _lines(settings.options, max_length=300), in_use=in_use)


def _seeds_sync(activity: Activity, texts: list[str], *, in_use: bool) -> None:
    """Seeds numbered 0..n-1 while unused; once in use, seeds can be added but not removed or changed."""
    seeds = list(activity.statements.filter(is_seed=True))
    if not in_use:
        activity.statements.all().delete()
        Statement.objects.bulk_create(
            Statement(activity=activity, number=n, text=text, is_seed=True) for n, text in enumerate(texts)
        )
        return
    removed = [s for s in seeds if s.text not in texts]
    if removed:
        raise ValidationError(
            {
                "seed_statements": f"You cannot remove or change “{removed[0].text}”: people may have "
                "voted on it. Moderate it out on the facilitator's page instead."
            }
        )
    known = {s.text for s in seeds}
    last = activity.statements.aggregate(last=Max("number"))["last"]
    start = 0 if last is None else last + 1
    new = [t for t in texts if t not in known]
    Statement.objects.bulk_create(
        Statement(activity=activity, number=start + n, text=text, is_seed=True) for n, text in enumerate(new)
    )


def _options_sync(activity: Activity, texts: list[str], *, in_use: bool) -> None:
    options = list(activity.options.all())
    removed = [o for o in options if o.text not in texts]
    if in_use and removed:
        raise ValidationError(
            {"options": f"You cannot remove or change “{removed[0].text}”: the comparison is in use."}
        )
    PairwiseOption.objects.filter(pk__in=[o.pk for o in removed]).delete()
    by_text = {o.text: o for o in options}
    for order, text in enumerate(texts):
        option = by_text.get(text) or PairwiseOption(activity=activity, text=text)
        option.order = order
        option.save()


@transaction.atomic
def pairwise_options_copy(*, activity: Activity, from_: str) -> int:
    """Replace a pairwise activity's options with its source board's clusters or visible cards."""
    if activity.kind != ActivityKind.PAIRWISE or activity.source is None or from_ not in OPTIONS_FROM:
        raise ValidationError("Choose the idea board to copy the options from")
    if activity.pairwise_votes.exists():
        raise ValidationError("People have already compared these options, so they cannot be replaced.")
    activity.options.all().delete()
    board = activity.source
    if from_ == "clusters":
        rows = [
            PairwiseOption(activity=activity, text=c.title[:300], cluster=c, order=n)
            for n, c in enumerate(board.clusters.all())
        ]
    else:
        cards = board.cards.filter(hidden=False, merged_into__isnull=True)
        rows = [
            PairwiseOption(activity=activity, text=c.text[:300], card=c, order=n) for n, c in enumerate(cards)
        ]
    PairwiseOption.objects.bulk_create(rows)
    return len(rows)


def _in_use_check(activity: Activity, settings: ActivitySettings) -> None:
    """Refuse changes that would lose or invalidate contributions."""
    if activity.kind == ActivityKind.IDEA_BOARD:
        _columns_check(activity, _lines(settings.columns, max_length=60))
        longest = max((len(c.text) for c in activity.cards.all()), default=0)
        if settings.max_length < longest:
            raise ValidationError(
                {"max_length": f"A card already has {longest} characters: allow at least {longest}"}
            )
    if activity.kind == ActivityKind.DOT_VOTE:
        _dots_check(activity, settings)


def _columns_check(activity: Activity, columns: list[str]) -> None:
    counts = dict(
        activity.cards.exclude(column__in=columns)
        .values_list("column")
        .annotate(n=Count("id"))
        .values_list("column", "n")
    )
    for column, cards in counts.items():
        raise ValidationError(
            {
                "columns": f"You cannot remove the column “{column}”: it has {cards} card"
                f"{'s' if cards != 1 else ''}. Keep the column."
            }
        )


def _dots_check(activity: Activity, settings: ActivitySettings) -> None:
    per_person = activity.dot_votes.values("participant").annotate(n=Count("id"))
    most = max((row["n"] for row in per_person), default=0)
    if settings.dots < most:
        raise ValidationError(
            {"dots": f"Someone has already placed {most} dots: give each person at least {most}"}
        )
    if activity.state != ActivityState.DRAFT or most:
        if settings.vote_on != activity.vote_on:
            raise ValidationError({"vote_on": "Voting has started: what people vote on cannot change"})
        if settings.source != activity.source:
            raise ValidationError({"source": "Voting has started: the idea board cannot change"})


@transaction.atomic
def activity_update(
    *, activity: Activity, by: User, settings: ActivitySettings, version: str | None = None
) -> Activity:
    """Change an activity's settings; its kind never changes."""
    _check_common(activity.workshop, activity.kind, settings)
    in_use = activity_in_use(activity)
    if in_use:
        _in_use_check(activity, settings)
    if activity.kind == ActivityKind.PAIRWISE and in_use and settings.source != activity.source:
        raise ValidationError(
            {"source": "The comparison is in use: where its options come from cannot change"}
        )
    changed = fields_assign(activity, _kind_values(activity.kind, settings), version=version)
    activity.save()
    _sync_contents(activity, settings, in_use=in_use)
    if activity.state in (ActivityState.CLOSED, ActivityState.REVEALED):
        result_snapshot_request(activity=activity)  # options added after the choices change the scores
    audit_record(
        action="workshops.activity.updated",
        by=by,
        obj=activity,
        project_id=activity.workshop.project_id,
        changes={"fields": changed},
    )
    return activity


@transaction.atomic
def activity_move(*, activity: Activity, by: User, direction: str) -> Activity:
    """Move an activity one place up or down the agenda."""
    if direction not in {"up", "down"}:
        raise ValidationError("Choose up or down")
    agenda = list(activity.workshop.activities.order_by("order", "id"))
    index = next(n for n, a in enumerate(agenda) if a.pk == activity.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(agenda):
        agenda[index], agenda[other] = agenda[other], agenda[index]
    for order, item in enumerate(agenda):
        if item.order != order:
            Activity.objects.filter(pk=item.pk).update(order=order)
    audit_record(
        action="workshops.activity.moved",
        by=by,
        obj=activity,
        project_id=activity.workshop.project_id,
        changes={"direction": direction},
    )
    activity.refresh_from_db(fields=["order"])
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    """Delete an activity that has never been opened and has no contributions."""
    if refusal := activity_delete_refusal(activity):
        raise ValidationError(refusal)
    audit_record(
        action="workshops.activity.deleted",
        by=by,
        obj=activity,
        project_id=activity.workshop.project_id,
        changes={"kind": activity.kind},
    )
    activity.delete()
    for order, item in enumerate(activity.workshop.activities.order_by("order", "id")):
        Activity.objects.filter(pk=item.pk).update(order=order)
