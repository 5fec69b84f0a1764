"""Working out an activity's result once and storing it (models/results.py), for every page to read.

Closing or revealing an activity, and any later change to what its result is computed from (a statement
moderated, a participant removed, options added), asks for the result (`result_snapshot_request`): the
stored row is marked as being worked out and the task (tasks.py) is queued once the transaction commits.
The task calls `result_snapshot_compute`, which does nothing when the stored result is of the same inputs
(same digest, same algorithm), and otherwise works it out outside any transaction and stores it. Of two runs
that read different votes, the one that read later wins: an older result never replaces a newer one. The
screens and phones are told (`results.ready`) once a result is stored.

While an activity is open its results change with every vote; the team's results page works them out
there and then, at most once per change of votes, and stores them for everyone else
(`workshop_result_snapshots_refresh`).

Stored results are derived data, like a cache of the votes, so their writes are not audited: the votes,
and the actions that close and reveal, are.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..broadcast import PEOPLE, SCREENS, broadcast
from ..models import Activity, ActivityKind, ActivityState, ResultSnapshot, SnapshotKind, Workshop
from ..pairwise import pairwise_scores
from ..result_payloads import opinion_encode, pairwise_encode
from ..selectors.opinion import opinion_figures
from ..selectors.snapshots import (
    ResultInputs,
    result_inputs,
    result_snapshot_current,
    result_snapshot_get,
    snapshot_kind,
)

RETRY_AFTER = datetime.timedelta(minutes=2)  # a request left unanswered this long is queued again
LIVE_STATES = (ActivityState.DRAFT, ActivityState.OPEN)
RESULTS_READY = "results.ready"


def result_payload_compute(inputs: ResultInputs) -> dict[str, Any]:
    """The figures of `inputs` as stored: this is the slow part (the bootstrap, or PCA and k-means)."""
    if inputs.kind == SnapshotKind.PAIRWISE:
        return pairwise_encode(pairwise_scores(options=list(inputs.options), votes=list(inputs.choices)))
    analysis, counts, sectors = opinion_figures(votes=inputs.votes, rejected=inputs.rejected)
    rows = {n: (c.agree, c.disagree, c.passed) for n, c in counts.items()}
    return opinion_encode(analysis, counts=rows, sectors=sectors)


def _row_locked(activity: Activity, kind: SnapshotKind) -> ResultSnapshot:
    """The activity's row, locked until the transaction ends; made when there is none. Two runs making it
    at once both end up with the one row (the unique constraint refuses the second)."""
    rows = ResultSnapshot.objects.select_for_update()
    found = rows.filter(activity=activity, kind=kind).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return ResultSnapshot.objects.create(activity=activity, kind=kind)
    except IntegrityError:
        return rows.get(activity=activity, kind=kind)


def _tell(activity: Activity) -> None:
    broadcast(
        workshop_public_id=str(activity.workshop.public_id),
        event=RESULTS_READY,
        audiences=(SCREENS, PEOPLE),
        activity=str(activity.public_id),
    )


def _answered(row: ResultSnapshot, started: datetime.datetime) -> bool:
    """Clear a request made before this run started (a later request waits for its own run)."""
    if row.requested_at is None or row.requested_at > started:
        return False
    row.requested_at = None
    return True


@transaction.atomic
def result_snapshot_store(
    *, inputs: ResultInputs, payload: dict[str, Any], started: datetime.datetime
) -> ResultSnapshot:
    """Store `payload`, worked out from `inputs`, unless the row holds a result read later than they were."""
    activity = inputs.activity
    row = _row_locked(activity, inputs.kind)
    newer = row.is_ready and row.inputs_read_at is not None and row.inputs_read_at >= inputs.read_at
    if not newer:
        row.payload, row.digest, row.n_votes = payload, inputs.digest, inputs.n_votes
        row.algorithm, row.inputs_read_at, row.computed_at = inputs.algorithm, inputs.read_at, timezone.now()
    answered = _answered(row, started)
    if not newer or answered:
        row.save()
        _tell(activity)
    return row


@transaction.atomic
def _request_answer(activity: Activity, started: datetime.datetime) -> ResultSnapshot | None:
    kind = snapshot_kind(activity)
    if kind is None:
        return None
    row = _row_locked(activity, kind)
    if _answered(row, started):
        row.save(update_fields=["requested_at", "updated_at"])
        _tell(activity)
    return row


def result_snapshot_compute(
    *, activity: Activity, inputs: ResultInputs | None = None
) -> ResultSnapshot | None:
    """Work out and store `activity`'s result, unless the stored one is of the same inputs. Idempotent: a
    second run finds the same digest and only clears the request. None for an activity without one."""
    if snapshot_kind(activity) is None:
        return None
    started = timezone.now()
    inputs = inputs or result_inputs(activity=activity)
    if result_snapshot_current(snapshot=result_snapshot_get(activity=activity), inputs=inputs):
        return _request_answer(activity, started)
    return result_snapshot_store(inputs=inputs, payload=result_payload_compute(inputs), started=started)


def _enqueue(activity: Activity) -> Callable[[], None]:
    def send() -> None:
        from ..tasks import activity_result_compute

        activity_result_compute.enqueue(activity.pk)

    return send


def result_snapshot_request(*, activity: Activity) -> None:
    """Ask for `activity`'s result to be worked out by the task, after the current transaction commits.

    Called by every service that closes or reveals an activity, or changes what its result is computed
    from afterwards. The row is marked as being worked out unless it already holds these inputs' result."""
    kind = snapshot_kind(activity)
    if kind is None:
        return
    with transaction.atomic():
        row = _row_locked(activity, kind)
        if not result_snapshot_current(snapshot=row, inputs=result_inputs(activity=activity)):
            row.requested_at = timezone.now()
            row.save(update_fields=["requested_at", "updated_at"])
        transaction.on_commit(_enqueue(activity))


def _due(row: ResultSnapshot | None, now: datetime.datetime) -> bool:
    if row is None:
        return True
    if row.requested_at is None:
        return row.computed_at is None
    return row.requested_at < now - RETRY_AFTER


def result_snapshot_ensure(*, activity: Activity) -> None:
    """Ask for the result of a closed or revealed activity when nothing is stored or being worked out, or
    when a request went unanswered for RETRY_AFTER (a task worker that stopped). It only reads when there
    is nothing to do, as phones call it: of many phones asking at once, one queues the task."""
    kind = snapshot_kind(activity)
    now = timezone.now()
    if kind is None or not _due(result_snapshot_get(activity=activity), now):
        return
    with transaction.atomic():
        row = _row_locked(activity, kind)
        due = Q(requested_at__isnull=True, computed_at__isnull=True) | Q(requested_at__lt=now - RETRY_AFTER)
        if ResultSnapshot.objects.filter(due, pk=row.pk).update(requested_at=now, updated_at=now):
            transaction.on_commit(_enqueue(activity))


def workshop_result_snapshots_refresh(*, workshop: Workshop, now: bool = False) -> None:
    """Bring the stored results of the workshop's pairwise and statements activities up to date, for the
    team's results page and downloads.

    An activity still open (or a draft) whose votes changed is worked out here and stored, so the next page
    or download reuses it. A closed or revealed one is asked for from the task (unless already asked for),
    and the page says it is being worked out; with `now` (a download) it is worked out here too."""
    kinds = (ActivityKind.PAIRWISE, ActivityKind.STATEMENTS)
    for activity in Activity.objects.filter(workshop=workshop, kind__in=kinds).select_related("workshop"):
        inputs = result_inputs(activity=activity)
        stored = result_snapshot_get(activity=activity)
        if result_snapshot_current(snapshot=stored, inputs=inputs):
            continue
        if now or activity.state in LIVE_STATES:
            result_snapshot_compute(activity=activity, inputs=inputs)
        elif stored is None or stored.requested_at is None:
            result_snapshot_request(activity=activity)
        else:
            result_snapshot_ensure(activity=activity)


def workshop_result_snapshots_request(*, workshop: Workshop) -> None:
    """Ask again for the results of every closed or revealed activity of the workshop (someone's votes
    were removed)."""
    done = (ActivityState.CLOSED, ActivityState.REVEALED)
    kinds = (ActivityKind.PAIRWISE, ActivityKind.STATEMENTS)
    activities = Activity.objects.filter(workshop=workshop, kind__in=kinds, state__in=done)
    for activity in activities.select_related("workshop"):
        result_snapshot_request(activity=activity)
