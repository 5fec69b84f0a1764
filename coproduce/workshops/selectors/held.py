"""The workshops a project has held, with the results of their dot votes, statements and pairwise
activities, for the report.

A workshop is held once it has started (live or ended): a planned workshop has not been held, and the report
counts and shows only the held ones. Everything is read in a fixed number of queries, however many workshops
and activities there are: the dots are counted by the database (`dots.py`), and the statements and pairwise
results are the stored ones (`ResultSnapshot`, worked out by the task when an activity is closed or
revealed), never worked out here. An activity that was never opened has no results and is left out.
"""

from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from coproduce.projects.models import Project

from ..models import (
    Activity,
    ActivityKind,
    ActivityState,
    PairwiseOption,
    ResultSnapshot,
    Statement,
    Workshop,
    WorkshopStatus,
)
from .dots import DotCount, dot_counts, dot_voters
from .results import ActivityResult, pairwise_stored, statements_stored_result
from .snapshots import SNAPSHOT_KINDS

HELD = (WorkshopStatus.LIVE, WorkshopStatus.ENDED)  # started: a planned workshop has not been held
REPORTED = (ActivityKind.DOT_VOTE, ActivityKind.STATEMENTS, ActivityKind.PAIRWISE)


def workshops_held(*, project: Project) -> QuerySet[Workshop]:
    """The project's workshops that have taken place or are taking place, earliest first."""
    return Workshop.objects.filter(project=project, status__in=HELD)


@dataclass(frozen=True)
class HeldWorkshop:
    workshop: Workshop
    n_participants: int
    activities: tuple[ActivityResult, ...]


def _snapshots(activities: list[Activity]) -> dict[int, ResultSnapshot]:
    kinds = {a.pk: SNAPSHOT_KINDS[ActivityKind(a.kind)] for a in activities if a.kind in SNAPSHOT_KINDS}
    rows = ResultSnapshot.objects.filter(activity_id__in=kinds, kind__in=set(kinds.values()))
    return {row.activity_id: row for row in rows if kinds[row.activity_id] == row.kind}


def _statements(activities: list[Activity]) -> dict[int, dict[int, Statement]]:
    ids = [a.pk for a in activities if a.kind == ActivityKind.STATEMENTS]
    found: dict[int, dict[int, Statement]] = {pk: {} for pk in ids}
    for statement in Statement.objects.filter(activity_id__in=ids):
        found[statement.activity_id][statement.number] = statement
    return found


def _options(activities: list[Activity]) -> dict[int, dict[Hashable, str]]:
    ids = [a.pk for a in activities if a.kind == ActivityKind.PAIRWISE]
    found: dict[int, dict[Hashable, str]] = {pk: {} for pk in ids}
    rows = PairwiseOption.objects.filter(activity_id__in=ids).values_list("activity_id", "pk", "text")
    for activity_id, pk, text in rows:
        found[activity_id][pk] = text
    return found


def _dots(activities: list[Activity]) -> dict[int, ActivityResult]:
    ids = [a.pk for a in activities if a.kind == ActivityKind.DOT_VOTE]
    counted: dict[int, list[DotCount]] = {pk: [] for pk in ids}
    for count in dot_counts(activity_ids=ids):
        counted[count.activity_id].append(count)
    totals = dot_voters(activity_ids=ids)
    return {
        a.pk: ActivityResult(
            activity=a,
            dot_counts=tuple(sorted(counted[a.pk], key=lambda c: (-c.dots, c.card, c.cluster))),
            n_dots=totals.get(a.pk, (0, 0))[0],
            n_dot_voters=totals.get(a.pk, (0, 0))[1],
        )
        for a in activities
        if a.pk in counted
    }


def _results(activities: list[Activity]) -> dict[int, ActivityResult]:
    snapshots, statements, options = _snapshots(activities), _statements(activities), _options(activities)
    results = _dots(activities)
    for a in activities:
        if a.kind == ActivityKind.STATEMENTS:
            stored = statements_stored_result(
                activity=a, snapshot=snapshots.get(a.pk), statements=statements[a.pk]
            )
            results[a.pk] = stored
        elif a.kind == ActivityKind.PAIRWISE:
            results[a.pk] = pairwise_stored(activity=a, snapshot=snapshots.get(a.pk), texts=options[a.pk])
    return results


def workshops_held_results(*, project: Project) -> list[HeldWorkshop]:
    """Each held workshop, earliest first, with its number of participants and the results of its dot
    votes, statements and pairwise activities that were opened (in agenda order)."""
    workshops = list(
        workshops_held(project=project)
        .annotate(n_participants=Count("participants"))
        .order_by("starts_at", "id")  # a grouped query does not take the model's ordering
    )
    activities = list(
        Activity.objects.filter(workshop__in=workshops, kind__in=REPORTED).exclude(state=ActivityState.DRAFT)
    )
    results = _results(activities)
    return [
        HeldWorkshop(
            workshop=w,
            n_participants=w.n_participants,
            activities=tuple(results[a.pk] for a in activities if a.workshop_id == w.pk),
        )
        for w in workshops
    ]
