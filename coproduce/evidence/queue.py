"""The screening queue: which record to offer next, in active-learning or random order.

The records' feature matrix and its ranker come from `features.features_get`: built once per version of the
records' texts, stored where every process loads it, and kept in memory with a bound (features.py).
"""

import random
from dataclasses import dataclass

from coproduce.projects.models import Project

from .features import features_get
from .models import Decision, Reference, ScreeningDecision, ScreeningStage
from .selectors.screening import (
    DualVotes,
    current_decisions,
    dual_votes,
    screenable_count,
)
from .stopping import StoppingTest, stopping_test

ACTIVE, RANDOM, SECOND = "active", "random", "second"


@dataclass(frozen=True)
class NextRecord:
    reference: Reference | None
    offered_as: str
    expected_relevant_remaining: float | None


def _random_pick(project: Project, candidates: list[int], done: int) -> int:
    return random.Random(f"{project.pk}:{done}").choice(candidates)  # noqa: S311 repeatable, not secret


def _waiting(
    ids: list[int], decided: dict[int, str], votes: dict[int, DualVotes], screener_id: int | None
) -> list[int]:
    """Records without a decision that counts which this screener may still screen.

    A record in the dual sample waits until two different people have screened it; it is never offered
    again to someone who has, and a disagreement goes to the conflict list rather than to a third screener.
    """
    blocked = {
        pk
        for pk, vote in votes.items()
        if vote.pair is not None or (screener_id is not None and vote.screened_by(screener_id))
    }
    return [pk for pk in ids if pk not in decided and pk not in blocked]


def screening_next(*, project: Project, order: str = ACTIVE, screener_id: int | None = None) -> NextRecord:
    """The record for `screener_id` to screen next at title and abstract stage, or None when none is left."""
    decided = current_decisions(project=project)
    features = features_get(project=project)
    ids = features.ids
    votes = dual_votes(project=project)
    waiting = _waiting(ids, decided, votes, screener_id)
    if not waiting:
        return NextRecord(None, order, 0.0)
    labels = _labels(decided, features.rows)
    if order == RANDOM or len(set(labels.values())) < 2:
        # Until the team has included and excluded at least one record, the model has nothing to learn from.
        pk = _random_pick(project, waiting, len(decided))
        return NextRecord(Reference.objects.get(pk=pk), _offered(pk, votes, RANDOM), None)
    with features.lock:
        ranker = features.ranker()
        ranker.fit(labels)
        waiting_set = set(waiting)
        pk = next(ids[i] for i in ranker.rank() if ids[i] in waiting_set)
        expected = ranker.predict_relevant_remaining()
    offered = _offered(pk, votes, ACTIVE)
    return NextRecord(Reference.objects.get(pk=pk), offered, expected)


def _labels(decided: dict[int, str], rows: dict[int, int]) -> dict[int, bool]:
    """Row -> included, for the records with an include or exclude decision, in row order."""
    labelled = sorted(
        (rows[pk], decision == Decision.INCLUDE)
        for pk, decision in decided.items()
        if decision != Decision.MAYBE and pk in rows
    )
    return dict(labelled)


def _offered(pk: int, votes: dict[int, DualVotes], order: str) -> str:
    return SECOND if pk in votes and votes[pk].votes else order


def screening_stopping_test(*, project: Project, recall_target: float = 0.95) -> StoppingTest | None:
    """The hypergeometric stopping test over the records screened so far, in the order first screened."""
    first = (
        ScreeningDecision.objects.filter(reference__project=project, stage=ScreeningStage.TITLE_ABSTRACT)
        .order_by("created_at", "id")
        .values_list("reference_id", "decision")
    )
    seen: dict[int, str] = {}
    for reference_id, decision in first:
        seen.setdefault(reference_id, decision)
    if not seen:
        return None
    total = screenable_count(project=project)
    return stopping_test([d == Decision.INCLUDE for d in seen.values()], total, recall_target=recall_target)
