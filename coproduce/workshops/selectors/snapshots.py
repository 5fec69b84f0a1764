"""Reads for stored results (models/results.py): what a result is computed from, and the stored row.

`result_inputs` reads everything a pairwise or statements result depends on, with a digest of it: the same
digest means the same figures, so nothing is worked out twice. Pages of a closed or revealed activity read
only the stored row (`result_snapshot_get`); the team's results page and the downloads also compare digests
(services/snapshots.py).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.utils import timezone

from ..models import (
    Activity,
    ActivityKind,
    PairwiseOption,
    PairwiseVote,
    ResultSnapshot,
    SnapshotKind,
    Statement,
    StatementStatus,
)
from ..result_payloads import OPINION_ALGORITHM, PAIRWISE_ALGORITHM
from .opinion import statement_votes

SNAPSHOT_KINDS = {ActivityKind.PAIRWISE: SnapshotKind.PAIRWISE, ActivityKind.STATEMENTS: SnapshotKind.OPINION}
ALGORITHMS = {SnapshotKind.PAIRWISE: PAIRWISE_ALGORITHM, SnapshotKind.OPINION: OPINION_ALGORITHM}


@dataclass(frozen=True)
class ResultInputs:
    """What one activity's result is computed from, read at `read_at`.

    Pairwise: the option ids and the (winner, loser) choices. Statements: (participant number, statement
    number, value, sector) for every vote, and the numbers of the statements moderated out.
    """

    activity: Activity
    kind: SnapshotKind
    read_at: datetime.datetime
    digest: str
    n_votes: int
    options: tuple[int, ...] = ()
    choices: tuple[tuple[int, int], ...] = ()
    votes: tuple[tuple[int, int, int, str], ...] = ()
    rejected: tuple[int, ...] = ()

    @property
    def algorithm(self) -> str:
        return ALGORITHMS[self.kind]


def snapshot_kind(activity: Activity) -> SnapshotKind | None:
    """The kind of stored result an activity has, or None (idea boards and dots are counted, not stored)."""
    return SNAPSHOT_KINDS.get(ActivityKind(activity.kind))


def _digest(kind: SnapshotKind, *parts: object) -> str:
    text = json.dumps([ALGORITHMS[kind], *parts], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _pairwise_inputs(activity: Activity, read_at: datetime.datetime) -> ResultInputs:
    options = tuple(PairwiseOption.objects.filter(activity=activity).values_list("pk", flat=True))
    rows = PairwiseVote.objects.filter(activity=activity).order_by("id").values_list("winner_id", "loser_id")
    choices = tuple((int(w), int(lo)) for w, lo in rows)
    return ResultInputs(
        activity=activity,
        kind=SnapshotKind.PAIRWISE,
        read_at=read_at,
        digest=_digest(SnapshotKind.PAIRWISE, options, choices),
        n_votes=len(choices),
        options=options,
        choices=choices,
    )


def _opinion_inputs(activity: Activity, read_at: datetime.datetime) -> ResultInputs:
    votes = tuple(statement_votes(activity=activity))
    rejected = tuple(
        Statement.objects.filter(activity=activity, status=StatementStatus.REJECTED)
        .order_by("number")
        .values_list("number", flat=True)
    )
    return ResultInputs(
        activity=activity,
        kind=SnapshotKind.OPINION,
        read_at=read_at,
        digest=_digest(SnapshotKind.OPINION, votes, rejected),
        n_votes=len(votes),
        votes=votes,
        rejected=rejected,
    )


def result_inputs(*, activity: Activity) -> ResultInputs:
    """Everything `activity`'s result depends on (a pairwise or statements activity), with its digest."""
    read_at = timezone.now()
    if snapshot_kind(activity) == SnapshotKind.PAIRWISE:
        return _pairwise_inputs(activity, read_at)
    return _opinion_inputs(activity, read_at)


def result_snapshot_get(*, activity: Activity) -> ResultSnapshot | None:
    """The stored result of `activity`, ready or still being worked out; None when none was ever asked for."""
    kind = snapshot_kind(activity)
    if kind is None:
        return None
    return ResultSnapshot.objects.filter(activity=activity, kind=kind).first()


def result_snapshot_current(*, snapshot: ResultSnapshot | None, inputs: ResultInputs) -> bool:
    """Whether `snapshot` holds the result of exactly these inputs, by the current algorithm."""
    return (
        snapshot is not None
        and snapshot.is_ready
        and snapshot.digest == inputs.digest
        and snapshot.algorithm == inputs.algorithm
    )


def result_snapshot_stamp(*, activity: Activity) -> str:
    """Changes when a stored result is stored or asked for: part of a phone's screen version."""
    row = (
        ResultSnapshot.objects.filter(activity=activity, kind__in=SNAPSHOT_KINDS.values())
        .values_list("computed_at", "requested_at")
        .first()
    )
    if row is None:
        return "none"
    computed, requested = row
    return f"{computed.timestamp() if computed else 'working'}.{'asked' if requested else 'done'}"
