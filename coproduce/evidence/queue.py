"""The screening queue: which record to offer next, in active-learning or random order.

The records' feature matrix and its ranker come from `features.features_get`: built once per version of the
records' texts, stored where every process loads it, and kept in memory with a bound (features.py).
"""

import hashlib
import random
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from coproduce.core.caches import MemoryLRU
from coproduce.projects.models import Project

from .features import features_get
from .models import Decision, Reference
from .remaining import remaining_estimate
from .selectors.screening import DualVotes, ScreeningReading
from .stopping import StoppingTest, stopping_test

ACTIVE, RANDOM, SECOND = "active", "random", "second"
# Stopping tests worked out in this process, by a digest of their inputs: at 5,000 records screened one
# takes about 0.25 s (a hypergeometric tail for every sample size), and it changes only with a decision.
STOPPING_KEPT: MemoryLRU[StoppingTest] = MemoryLRU(limit=lambda: 256 * 1024)
STOPPING_SIZE = 256  # bytes counted for one kept test


@dataclass(frozen=True)
class NextRecord:
    reference: Reference | None
    offered_as: str


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


def screening_next(
    *,
    project: Project,
    order: str = ACTIVE,
    screener_id: int | None = None,
    reading: ScreeningReading | None = None,
) -> NextRecord:
    """The record for `screener_id` to screen next at title and abstract stage, or None when none is left
    (from the page's `reading` of the title-and-abstract state as it is now, when it has one)."""
    reading = reading or ScreeningReading(project=project)
    state = reading.state
    decided = {pk: row.decision for pk, row in state.counting.items()}
    features = features_get(project=project, duplicates=reading.duplicates)
    ids = features.ids
    votes = state.votes
    waiting = _waiting(ids, decided, votes, screener_id)
    if not waiting:
        return NextRecord(None, order)
    labels = _labels(decided, reading.priors, features.rows)
    if order == RANDOM or len(set(labels.values())) < 2:
        # Until the team has included and excluded at least one record, the model has nothing to learn from.
        pk = _random_pick(project, waiting, len(decided))
        return NextRecord(Reference.objects.get(pk=pk), _offered(pk, votes, RANDOM))
    ranking = features.ranking(labels)  # fitted once per set of decisions, then kept
    waiting_set = set(waiting)
    pk = next(ids[i] for i in ranking.rows.tolist() if ids[i] in waiting_set)
    offered = _offered(pk, votes, ACTIVE)
    return NextRecord(Reference.objects.get(pk=pk), offered)


def _labels(decided: dict[int, str], priors: dict[int, bool], rows: dict[int, int]) -> dict[int, bool]:
    """Row -> included, for the records with an include or exclude decision or marked as prior knowledge
    (a person's include or exclude outweighs the mark), in row order."""
    include, maybe = str(Decision.INCLUDE), str(Decision.MAYBE)  # plain strings compare several times faster
    labels = {pk: known for pk, known in priors.items() if pk in rows}
    labels.update((pk, d == include) for pk, d in decided.items() if d != maybe and pk in rows)
    return dict(sorted((rows[pk], known) for pk, known in labels.items()))


def _offered(pk: int, votes: dict[int, DualVotes], order: str) -> str:
    return SECOND if pk in votes and votes[pk].votes else order


def screening_order(
    *, project: Project, before: datetime | None = None, reading: ScreeningReading | None = None
) -> list[bool]:
    """Each screened record's current title-and-abstract decision (True = include), in the order the records
    were screened (when the decision now standing was first made); with ``before``, as things stood then.

    Records marked as prior knowledge are left out: the ranking did not find them, so counting them would
    make the stopping test and the estimate of the relevant records left look further on than they are.
    A page's `reading` (at title and abstract, as of `before`) saves reading the log and the marks again."""
    reading = reading or ScreeningReading(project=project, before=before)
    state, priors = reading.state, reading.priors
    counting = state.counting
    return [counting[pk].decision == Decision.INCLUDE for pk in state.screened if pk not in priors]


def screening_population(
    *, project: Project, before: datetime | None = None, reading: ScreeningReading | None = None
) -> int:
    """The records the stopping test and the estimate count: the screenable ones not marked as prior
    knowledge."""
    reading = reading or ScreeningReading(project=project, before=before)
    return reading.screenable - len(reading.priors)


def screening_stopping_test(
    *, project: Project, recall_target: float = 0.95, reading: ScreeningReading | None = None
) -> StoppingTest | None:
    """The hypergeometric stopping test over the records screened so far, in the order first screened,
    with the estimate of the relevant records still unscreened worked out from the same order (from the
    page's `reading` of the title-and-abstract state as it is now, when it has one)."""
    reading = reading or ScreeningReading(project=project)
    order = screening_order(project=project, reading=reading)
    if not order:
        return None
    total = screening_population(project=project, reading=reading)
    screened = np.fromiter(order, dtype=bool, count=len(order))
    digest = hashlib.blake2b(f"stopping-v3 {total} {recall_target!r}".encode(), digest_size=16)
    digest.update(np.packbits(screened).tobytes() + len(screened).to_bytes(8, "big"))
    key = digest.hexdigest()
    found = STOPPING_KEPT.get(key)
    if found is None:
        test = stopping_test(order, total, recall_target=recall_target)
        found = replace(test, remaining=remaining_estimate(order, total))
        STOPPING_KEPT.put(key, found, size=STOPPING_SIZE)
    return found
