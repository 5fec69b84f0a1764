"""Current consent status, derived from the latest event per person and scope."""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project

from ..models import ConsentEvent, ConsentKind, ConsentScope


@dataclass(frozen=True)
class ScopeSummary:
    """How many people of a project stand where, for one scope, by their latest event."""

    scope: str
    label: str
    given: int
    refused: int
    withdrawn: int
    none: int

    @property
    def total(self) -> int:
        return self.given + self.refused + self.withdrawn + self.none


def consent_event_list(*, stakeholder: Stakeholder) -> QuerySet[ConsentEvent]:
    """A person's full consent history, oldest first."""
    return ConsentEvent.objects.filter(stakeholder=stakeholder).select_related("recorded_by", "form")


def consent_status(*, stakeholder: Stakeholder) -> dict[str, ConsentEvent | None]:
    """The latest event for each scope (None where nothing was ever recorded), in scope order."""
    status: dict[str, ConsentEvent | None] = dict.fromkeys(ConsentScope.values, None)
    for event in consent_event_list(stakeholder=stakeholder):
        status[event.scope] = event  # oldest first, so the last one wins
    return status


def consent_given_scopes(*, stakeholder: Stakeholder) -> list[str]:
    """The scopes whose latest event is `given`."""
    return [
        scope
        for scope, event in consent_status(stakeholder=stakeholder).items()
        if event and event.kind == ConsentKind.GIVEN
    ]


def consent_recontact_agreed(*, stakeholder: Stakeholder) -> bool:
    """Whether the person agreed to be contacted again about the research: only they are asked to rank
    priorities or endorse recommendations."""
    return ConsentScope.RECONTACT in consent_given_scopes(stakeholder=stakeholder)


def consent_given_among(*, stakeholder_ids: Collection[int], scope: str) -> set[int]:
    """Of `stakeholder_ids`, those whose latest event for `scope` is `given`: one query for any number of
    people (a report checking every quote's speaker), with the same rule as `consent_given_scopes`."""
    latest = (
        ConsentEvent.objects.filter(stakeholder_id__in=stakeholder_ids, scope=scope)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("stakeholder_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(position=1)
    )
    rows = latest.values_list("stakeholder_id", "kind")
    return {person for person, kind in rows if kind == ConsentKind.GIVEN}


def _latest_kinds(*, project: Project) -> QuerySet[ConsentEvent]:
    """One row (scope, kind) per person and scope: the latest event, using a window function."""
    return (
        ConsentEvent.objects.filter(stakeholder__project=project)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("stakeholder_id"), F("scope")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(position=1)
    )


def consent_summary(*, project: Project) -> list[ScopeSummary]:
    """Counts of people by current status for each scope, in two queries."""
    people = Stakeholder.objects.filter(project=project).count()
    counts = Counter(_latest_kinds(project=project).values_list("scope", "kind"))
    summaries = []
    for scope in ConsentScope:
        given, refused, withdrawn = (counts[(scope.value, kind)] for kind in ConsentKind.values)
        summaries.append(
            ScopeSummary(
                scope=scope.value,
                label=scope.label,
                given=given,
                refused=refused,
                withdrawn=withdrawn,
                none=max(people - given - refused - withdrawn, 0),
            )
        )
    return summaries
