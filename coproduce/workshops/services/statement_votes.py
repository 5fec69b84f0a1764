"""Statement votes sent over a phone's WebSocket, saved many at a time.

A room of phones voting on statements is the busiest write a workshop has: hundreds of votes a second at the
peak. Sent as form posts, each vote costs a whole Django request (session, CSRF, a rendered fragment), about
15 ms of CPU. Sent over the participant's WebSocket (consumers.py), votes gather for a few milliseconds in
each server process (vote_batcher.py) and are saved here together: one query for the statements, one for
the participants, one upsert for all the votes and one tally per activity, in one transaction.

The checks are those of `contributions.statement_vote`, made for the whole batch: the workshop is live, the
activity open and of the statements kind, the statement accepted, the participant still in that workshop.
Each vote gets its own answer (None when saved, else the reason), so one refused vote does not refuse its
neighbours. A vote is an upsert on (statement, participant), so sending it again after a dropped connection
stores it once. Rate limits are checked before the batch, where the socket is (vote_batcher.py).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coproduce.core import metrics

from ..broadcast import broadcast_tally
from ..models import (
    ActivityKind,
    Participant,
    Statement,
    StatementStatus,
    StatementVote,
)
from .contributions import CHOOSE_VALUE, NOT_ACCEPTED, NOT_SHOWN, answer_refusal
from .participation import participant_seen, seen_due

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # the type of a lazily translated message


@dataclass(frozen=True)
class Ballot:
    """One vote as a socket received it: who (their participant row), on which statement, which value."""

    participant_id: int
    statement_id: uuid.UUID
    value: int


_FIELDS = (
    "pk",
    "public_id",
    "status",
    "activity_id",
    "activity__public_id",
    "activity__kind",
    "activity__state",
    "activity__workshop_id",
    "activity__workshop__public_id",
    "activity__workshop__status",
)


def _problem(statement: dict[str, Any] | None, workshop_id: int | None) -> "StrOrPromise | None":
    if statement is None:
        return NOT_SHOWN
    refusal = answer_refusal(
        joined_workshop_id=workshop_id,
        workshop_id=statement["activity__workshop_id"],
        workshop_status=statement["activity__workshop__status"],
        kind=statement["activity__kind"],
        expected_kind=ActivityKind.STATEMENTS,
        state=statement["activity__state"],
    )
    if refusal is not None:
        return refusal.message  # still to be put in the phone's language
    if statement["status"] != StatementStatus.ACCEPTED:
        return NOT_ACCEPTED
    return None


def _tally(statement: dict[str, Any]) -> None:
    activity_id = statement["activity_id"]
    votes = StatementVote.objects.filter(statement__activity_id=activity_id)
    broadcast_tally(
        workshop_public_id=str(statement["activity__workshop__public_id"]),
        event="statement.voted",
        activity_public_id=str(statement["activity__public_id"]),
        count=lambda: {"votes": votes.count()},
    )


@transaction.atomic
def statement_votes_record(*, ballots: Sequence[Ballot]) -> list["StrOrPromise | None"]:
    """Save the valid `ballots` in one upsert; return, in order, None for each saved and the reason for
    each refused. Of two ballots by one person on one statement, the later wins, as if sent one by one."""
    found = Statement.objects.filter(public_id__in={b.statement_id for b in ballots}).values(*_FIELDS)
    statements = {row["public_id"]: row for row in found}
    people = Participant.objects.filter(pk__in={b.participant_id for b in ballots})
    found_people = people.values_list("pk", "workshop_id", "last_seen_at", "on_paper")
    workshop_of: dict[int, int] = {}
    due: set[int] = set()
    for pk, workshop_id, seen, on_paper in found_people:
        workshop_of[pk] = workshop_id
        if seen_due(last_seen_at=seen, on_paper=on_paper):
            due.add(pk)
    answers: list[StrOrPromise | None] = []
    chosen: dict[tuple[int, int], int] = {}
    touched: dict[int, dict[str, Any]] = {}
    for ballot in ballots:
        statement = statements.get(ballot.statement_id)
        problem = _problem(statement, workshop_of.get(ballot.participant_id))
        if problem is None and ballot.value not in (1, 0, -1):
            problem = CHOOSE_VALUE
        answers.append(problem)
        if problem is None and statement is not None:
            chosen[(statement["pk"], ballot.participant_id)] = ballot.value
            touched[statement["activity_id"]] = statement
    if chosen:
        # Rows in key order, so two batches touching the same rows lock them in the same order.
        rows = [
            StatementVote(statement_id=s, participant_id=p, value=value)
            for (s, p), value in sorted(chosen.items())
        ]
        StatementVote.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["statement", "participant"],
            update_fields=["value", "updated_at"],
        )
        if voters_due := due & {p for _, p in chosen}:  # usually none: each is noted once a minute
            participant_seen(participant_ids=voters_due)
        metrics.votes_recorded(kind="statement", count=len(rows))
        for statement in touched.values():
            _tally(statement)
    return answers
