"""The records list's filters by current title-and-abstract decision, with how many records each finds."""

from dataclasses import dataclass, field

from django.db import models

from coproduce.projects.models import Project

from ..models import Decision
from .screening import ScreeningReading, exclusion_reasons, screenable_ids


class DecisionFilter(models.TextChoices):
    INCLUDED = "included", "Included"
    EXCLUDED = "excluded", "Excluded"
    MAYBE = "maybe", "Maybe"
    UNSCREENED = "unscreened", "Not screened yet"
    CONFLICT = "conflict", "Two screeners disagree"
    PRIOR = "prior", "Prior knowledge"


BY_DECISION: dict[str, DecisionFilter] = {
    Decision.INCLUDE: DecisionFilter.INCLUDED,
    Decision.EXCLUDE: DecisionFilter.EXCLUDED,
    Decision.MAYBE: DecisionFilter.MAYBE,
}


@dataclass(frozen=True)
class DecisionGroups:
    """The ids of the records each filter finds (`ids`); `reasons` by exclusion criterion id; `status` by
    record. The records not screened yet are counted from the others and listed only when asked for: at
    10,000 records, reading every id for a page of 50 took longer than the rest of the list."""

    project: Project
    groups: dict[str, set[int]] = field(default_factory=dict)  # every filter but "not screened yet"
    reasons: dict[int, set[int]] = field(default_factory=dict)
    reason_labels: dict[int, str] = field(default_factory=dict)
    priors: dict[int, bool] = field(default_factory=dict)
    waiting: set[int] = field(default_factory=set)  # one blind vote of two so far
    anyone: set[int] = field(default_factory=set)  # a standing decision by anyone
    duplicates: frozenset[int] = frozenset()
    screenable: int = 0

    def counts(self) -> dict[str, int]:
        found = {key: len(ids) for key, ids in self.groups.items()}
        found[DecisionFilter.UNSCREENED] = self.screenable - len(self.anyone)
        return {key: found[key] for key in DecisionFilter.values}

    def ids(self, key: str) -> set[int]:
        """The ids of the records the filter `key` finds."""
        if key != DecisionFilter.UNSCREENED:
            return self.groups[key]
        return {pk for pk in screenable_ids(project=self.project) if pk not in self.anyone}

    def status(self, pk: int) -> str:
        """The one filter (of included, excluded, maybe, conflict, unscreened) a record is found by, or
        "waiting" for a record with one blind vote of two."""
        for key in (*BY_DECISION.values(), DecisionFilter.CONFLICT):
            if pk in self.groups.get(key, ()):
                return key
        if pk not in self.anyone and pk not in self.duplicates:
            return DecisionFilter.UNSCREENED
        return "waiting" if pk in self.waiting else ""


def decision_groups(*, project: Project) -> DecisionGroups:
    """Which records each decision filter finds, from the decisions that count now.

    Not screened yet: no standing decision by anyone (a record with one blind vote of two is neither this
    nor decided). Two screeners disagree: sampled records whose blind votes differ and nobody has resolved."""
    reading = ScreeningReading(project=project)
    state = reading.state
    counting, anyone = state.counting, set(state.standing)
    groups: dict[str, set[int]] = {
        key: set() for key in DecisionFilter.values if key != DecisionFilter.UNSCREENED
    }
    labels = dict(exclusion_reasons(project=project).values_list("pk", "label"))
    reasons: dict[int, set[int]] = {pk: set() for pk in labels}
    exclude = str(Decision.EXCLUDE)
    for pk, row in counting.items():
        groups[BY_DECISION[row.decision]].add(pk)
        if row.decision == exclude and row.reason_id in reasons:
            reasons[row.reason_id].add(pk)
    groups[DecisionFilter.CONFLICT] = {pk for pk, vote in state.votes.items() if vote.in_conflict}
    groups[DecisionFilter.PRIOR] = set(reading.priors)
    waiting = anyone - set(counting) - groups[DecisionFilter.CONFLICT]
    return DecisionGroups(
        project=project,
        groups=groups,
        reasons=reasons,
        reason_labels=labels,
        priors=reading.priors,
        waiting=waiting,
        anyone=anyone,
        duplicates=reading.duplicates,
        screenable=reading.screenable,
    )
