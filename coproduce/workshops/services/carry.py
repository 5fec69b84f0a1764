"""Carrying an activity's outcome into the next workshop of the series.

Statements carry their accepted statements (as seed statements, numbered from 0); an idea board carries its
clusters and their visible cards (cards keep their text and column but no author). The copy is a new draft
activity at the end of the target workshop's agenda, linked back with ``carried_from``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from coproduce.accounts.models import User
from coproduce.core.services import audit_record

from ..models import (
    Activity,
    ActivityKind,
    ActivityState,
    Card,
    Cluster,
    Statement,
    StatementStatus,
    Workshop,
    WorkshopStatus,
)

CARRIED_KINDS = (ActivityKind.STATEMENTS, ActivityKind.IDEA_BOARD)


def _check(source: Activity, workshop: Workshop) -> None:
    if source.kind not in CARRIED_KINDS:
        raise ValidationError("Only statements and idea boards can be carried into another workshop.")
    here = source.workshop
    if workshop.series_id != here.series_id or workshop.starts_at <= here.starts_at:
        raise ValidationError("Choose a later workshop of the same series.")
    if workshop.status == WorkshopStatus.ENDED:
        raise ValidationError("That workshop has ended: its agenda can no longer change.")


def _statements_copy(source: Activity, target: Activity) -> int:
    accepted = Statement.objects.filter(activity=source, status=StatementStatus.ACCEPTED).order_by("number")
    copies = [
        Statement(activity=target, number=n, text=s.text, language=s.language, is_seed=True, carried_from=s)
        for n, s in enumerate(accepted)
    ]
    Statement.objects.bulk_create(copies)
    return len(copies)


def _clusters_copy(source: Activity, target: Activity) -> int:
    clusters = list(Cluster.objects.filter(activity=source))
    for cluster in clusters:
        copy = Cluster.objects.create(
            activity=target, title=cluster.title, order=cluster.order, carried_from=cluster
        )
        cards = cluster.cards.filter(hidden=False, merged_into__isnull=True).order_by("created_at", "id")
        Card.objects.bulk_create(
            Card(activity=target, column=card.column, text=card.text, language=card.language, cluster=copy)
            for card in cards
        )
    return len(clusters)


@transaction.atomic
def activity_carry_forward(*, source: Activity, workshop: Workshop, by: User) -> Activity:
    """Copy `source` (statements or an idea board) into `workshop`, a later workshop of the same series."""
    _check(source, workshop)
    last = workshop.activities.aggregate(last=Max("order"))["last"]
    activity = Activity.objects.create(
        workshop=workshop,
        kind=source.kind,
        title=source.title,
        prompt=source.prompt,
        order=0 if last is None else last + 1,
        state=ActivityState.DRAFT,
        columns=list(source.columns or []),
        max_length=source.max_length,
        allow_participant_statements=source.allow_participant_statements,
        carried_from=source,
    )
    if source.kind == ActivityKind.STATEMENTS:
        copied = {"statements": _statements_copy(source, activity)}
    else:
        copied = {"clusters": _clusters_copy(source, activity)}
    audit_record(
        action="workshops.activity.carried",
        by=by,
        obj=activity,
        project_id=workshop.project_id,
        changes={"from_activity": source.pk, "workshop": workshop.pk, **copied},
    )
    return activity
