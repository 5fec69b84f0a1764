"""The records list's filters by current title-and-abstract decision, with how many records each finds."""

from dataclasses import dataclass, field

from django.db import models

from coproduce.projects.models import Project

from ..models import Decision, ScreeningStage
from .priors import prior_labels
from .screening import decision_state, exclusion_reasons, screenable_ids


class DecisionFilter(models.TextChoices):
    INCLUDED = "included", "Included"
    EXCLUDED = "excluded", "Excluded"
    MAYBE = "maybe", "Maybe"
    UNSCREENED = "unscreened", "Not screened yet"
    CONFLICT = "conflict", "Two screeners disagree"
    PRIOR = "prior", "Prior knowledge"


BY_DECISION = {
    Decision.INCLUDE: DecisionFilter.INCLUDED,
    Decision.EXCLUDE: DecisionFilter.EXCLUDED,
    Decision.MAYBE: DecisionFilter.MAYBE,
}


@dataclass(frozen=True)
class DecisionGroups:
    """The ids of the records each filter finds; `reasons` by exclusion criterion id; `status` by record."""

    groups: dict[str, set[int]] = field(default_factory=dict)
    reasons: dict[int, set[int]] = field(default_factory=dict)
    reason_labels: dict[int, str] = field(default_factory=dict)
    priors: dict[int, bool] = field(default_factory=dict)
    waiting: set[int] = field(default_factory=set)  # one blind vote of two so far

    def counts(self) -> dict[str, int]:
        return {key: len(ids) for key, ids in self.groups.items()}

    def status(self, pk: int) -> str:
        """The one filter (of included, excluded, maybe, conflict, unscreened) a record is found by, or
        "waiting" for a record with one blind vote of two."""
        for key in (*BY_DECISION.values(), DecisionFilter.CONFLICT, DecisionFilter.UNSCREENED):
            if pk in self.groups.get(key, ()):
                return key
        return "waiting" if pk in self.waiting else ""


def decision_groups(*, project: Project) -> DecisionGroups:
    """Which records each decision filter finds, from the decisions that count now.

    Not screened yet: no standing decision by anyone (a record with one blind vote of two is neither this
    nor decided). Two screeners disagree: sampled records whose blind votes differ and nobody has resolved."""
    stage = ScreeningStage.TITLE_ABSTRACT
    state = decision_state(project=project, stage=stage)
    counting, anyone = state.counting, set(state.standing)
    groups: dict[str, set[int]] = {key: set() for key in DecisionFilter.values}
    reasons: dict[int, set[int]] = {c.pk: set() for c in exclusion_reasons(project=project)}
    for pk, row in counting.items():
        groups[BY_DECISION[Decision(row.decision)]].add(pk)
        if row.decision == Decision.EXCLUDE and row.reason_id in reasons:
            reasons[row.reason_id].add(pk)
    screenable = screenable_ids(project=project)
    groups[DecisionFilter.UNSCREENED] = {pk for pk in screenable if pk not in anyone}
    groups[DecisionFilter.CONFLICT] = {pk for pk, vote in state.votes.items() if vote.in_conflict}
    priors = prior_labels(project=project)
    groups[DecisionFilter.PRIOR] = set(priors)
    labels = dict(exclusion_reasons(project=project).values_list("pk", "label"))
    waiting = anyone - set(counting) - groups[DecisionFilter.CONFLICT]
    return DecisionGroups(
        groups=groups, reasons=reasons, reason_labels=labels, priors=priors, waiting=waiting
    )
