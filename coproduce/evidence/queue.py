"""The screening queue: which record to offer next, in active-learning or random order.

Record texts are turned into features once per set of records and kept in this process, so offering the
next record costs one retrain of the ranking model (a few milliseconds at 10,000 records), not a rebuild.
"""

import random
from collections import OrderedDict
from dataclasses import dataclass

from scipy import sparse  # type: ignore[import-untyped]

from coproduce.projects.models import Project

from .models import Decision, Reference, ScreeningDecision, ScreeningStage
from .ranking import Ranker, features_build, record_text
from .selectors.screening import DualVotes, current_decisions, dual_votes, screenable_references
from .stopping import StoppingTest, stopping_test

ACTIVE, RANDOM, SECOND = "active", "random", "second"
_FEATURES: "OrderedDict[tuple[int, int, int], tuple[list[int], sparse.csr_matrix]]" = OrderedDict()
_FEATURES_KEPT = 8


@dataclass(frozen=True)
class NextRecord:
    reference: Reference | None
    offered_as: str
    expected_relevant_remaining: float | None


def _features(project: Project) -> tuple[list[int], sparse.csr_matrix]:
    ids = list(screenable_references(project=project).order_by("pk").values_list("pk", flat=True))
    key = (project.pk, len(ids), hash(tuple(ids)))
    if key not in _FEATURES:
        rows = screenable_references(project=project).order_by("pk").values_list("title", "abstract")
        _FEATURES[key] = (ids, features_build([record_text(title, abstract) for title, abstract in rows]))
        while len(_FEATURES) > _FEATURES_KEPT:
            _FEATURES.popitem(last=False)
    _FEATURES.move_to_end(key)
    return _FEATURES[key]


def _random_pick(project: Project, candidates: list[int], done: int) -> int:
    return random.Random(f"{project.pk}:{done}").choice(candidates)


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
    ids, features = _features(project)
    votes = dual_votes(project=project)
    waiting = _waiting(ids, decided, votes, screener_id)
    if not waiting:
        return NextRecord(None, order, 0.0)
    labels = {
        i: decided[pk] == Decision.INCLUDE
        for i, pk in enumerate(ids)
        if decided.get(pk, Decision.MAYBE) != Decision.MAYBE
    }
    if order == RANDOM or len(set(labels.values())) < 2:
        # Until the team has included and excluded at least one record, the model has nothing to learn from.
        pk = _random_pick(project, waiting, len(decided))
        return NextRecord(Reference.objects.get(pk=pk), _offered(pk, votes, RANDOM), None)
    ranker = Ranker(features=features, seed=project.pk)
    ranker.fit(labels)
    waiting_set = set(waiting)
    pk = next(ids[i] for i in ranker.rank() if ids[i] in waiting_set)
    offered = _offered(pk, votes, ACTIVE)
    return NextRecord(Reference.objects.get(pk=pk), offered, ranker.predict_relevant_remaining())


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
    total = screenable_references(project=project).count()
    return stopping_test([d == Decision.INCLUDE for d in seen.values()], total, recall_target=recall_target)
