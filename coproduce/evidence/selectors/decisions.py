"""The decision log read as it stands now: each person's current decision on each record.

`ScreeningDecision` is append-only. A person's latest row on a record is their decision; a row whose decision
is WITHDRAWN (an undo) leaves them with none, and the record is unscreened for them again. Every count
(progress, PRISMA, the stopping test, agreement, the ranking's training labels, exports, the records list's
filters) starts from `current_rows`, so none of them sees a changed or undone decision.
"""

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import Count, Max, QuerySet

from coproduce.projects.models import Project

from ..models import WITHDRAWN, ScreeningDecision


class Row(NamedTuple):
    """One row of the decision log, as the counts read it."""

    id: int
    reference_id: int
    screened_by_id: int | None
    decision: str
    offered_as: str
    reason_id: int | None
    seq: int  # its place in the log, in the order made (read by position: parsing the times would be slower)


class Standing(NamedTuple):
    """A person's current decision on a record, and the place in the log of their first decision on it
    since any undo (a change of mind keeps that place)."""

    row: Row
    since: int


# A person's key among a record's screeners: their id, or the row's own (negative) id for a former member.
Person = int


def log_rows(
    *, project: Project, stage: str, before: datetime | None = None, references: Iterable[int] | None = None
) -> QuerySet[ScreeningDecision]:
    """The log at `stage` in the order made (up to `before`, or on `references` only, when given)."""
    rows = ScreeningDecision.objects.filter(stage=stage)
    rows = (
        rows.filter(reference__project=project)
        if references is None
        else rows.filter(reference_id__in=list(references))
    )
    if before is not None:
        rows = rows.filter(created_at__lte=before)
    return rows.order_by("created_at", "id")


def current_rows(rows: QuerySet[ScreeningDecision]) -> dict[int, dict[Person, Standing]]:
    """By record id, each person's standing decision, in the order they first decided (undone ones gone)."""
    found: dict[int, dict[Person, Standing]] = {}
    fields = ("id", "reference_id", "screened_by_id", "decision", "offered_as", "reason_id")
    for seq, (pk, reference_id, screener_id, decision, offered_as, reason_id) in enumerate(
        rows.values_list(*fields)
    ):
        row = Row(pk, reference_id, screener_id, decision, offered_as, reason_id, seq)
        people = found.setdefault(row.reference_id, {})
        person = row.screened_by_id if row.screened_by_id is not None else -row.id
        if row.decision == WITHDRAWN:
            people.pop(person, None)
        else:
            earlier = people.get(person)
            people[person] = Standing(row, earlier.since if earlier else seq)
    return {pk: people for pk, people in found.items() if people}


# current_rows of whole logs read lately in this process, by what was read and the log's state (see below).
_KEPT: OrderedDict[tuple[Any, ...], dict[int, dict[Person, Standing]]] = OrderedDict()
_KEPT_MOST = 16
_KEPT_LOCK = threading.Lock()


def current_rows_kept(rows: QuerySet[ScreeningDecision]) -> dict[int, dict[Person, Standing]]:
    """`current_rows(rows)`, worked out once per state of the log and kept in this process: a page that
    reads the log several times (progress, the stopping test, agreement, the list's filters) reads it once.

    The log is only ever added to (an undo is a new row), so its state is told by one aggregate query: how
    many rows, the last id and time, and how many still name their screener (a removed account's rows lose
    it). Any decision made, undone or deleted, in any process, changes that state, so nothing stale is read.
    The caller must not change what is returned."""
    sql, params = rows.query.sql_with_params()
    state = rows.aggregate(rows=Count("id"), last=Max("id"), at=Max("created_at"), named=Count("screened_by"))
    key = (rows.db, sql, params, *state.values())
    with _KEPT_LOCK:
        if (kept := _KEPT.get(key)) is not None:
            _KEPT.move_to_end(key)
            return kept
    found = current_rows(rows)
    with _KEPT_LOCK:
        _KEPT[key] = found
        while len(_KEPT) > _KEPT_MOST:
            _KEPT.popitem(last=False)
    return found


def kept_readings_forget() -> None:
    with _KEPT_LOCK:
        _KEPT.clear()


def latest(people: dict[Person, Standing]) -> Row:
    """The most recent of a record's standing decisions: the one that counts outside dual screening."""
    return max((s.row for s in people.values()), key=lambda row: row.seq)


def person_row(
    *, project: Project, reference_id: int, screener_id: int, stage: str
) -> ScreeningDecision | None:
    """`screener_id`'s current decision on one record (None if they have none, or undid it)."""
    mine = log_rows(project=project, stage=stage, references=[reference_id]).filter(
        screened_by_id=screener_id
    )
    last = mine.select_related("reason").last()
    return None if last is None or last.decision == WITHDRAWN else last
