"""Replay a screening on a fully labelled set, to measure how early the ranking finds the relevant records.

The simulation uses the same `Ranker` as the screening page. It starts from prior records picked the way
ASReview's ``simulate`` picks them (``numpy.random.RandomState(seed).choice`` over the relevant rows, then a
fresh ``RandomState(seed)`` over the irrelevant rows), so both tools start from the same records for the same
seed. After each decision it retrains and screens the top-ranked record (``retrain_every=k`` screens the top k
records between retrains instead). It stops once every relevant record is found: the records left are all
irrelevant, so they are appended in any order without changing any metric.
"""

import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from coproduce.evidence import metrics
from coproduce.evidence.ranking import DEFAULT_MODEL, Ranker, record_text


@dataclass(frozen=True)
class LabelledSet:
    texts: list[str]
    labels: list[bool]


@dataclass(frozen=True)
class SimulationResult:
    order: list[bool]  # gold labels in screening order, priors left out, every non-prior record
    priors: list[int]
    seconds: float
    retrains: int

    @property
    def figures(self) -> dict[str, float]:
        return {
            "recall@10%": metrics.recall_at(self.order, 0.10),
            "WSS@95": metrics.wss_at(self.order, 0.95),
            "loss": metrics.loss(self.order),
            "ATD": metrics.average_time_to_discovery(self.order),
        }


def labelled_set_read(path: Path) -> LabelledSet:
    """Read a CSV with the columns ``title``, ``abstract`` and ``label_included`` (1 relevant, 0 not)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if rows and "label_included" not in rows[0]:
        raise ValueError(f"{path.name} has no label_included column.")
    texts = [record_text(row.get("title") or "", row.get("abstract") or "") for row in rows]
    labels = [str(row["label_included"]).strip() in {"1", "1.0", "True", "true"} for row in rows]
    return LabelledSet(texts=texts, labels=labels)


def priors_pick(labels: Sequence[bool], *, seed: int, n_included: int = 1, n_excluded: int = 1) -> list[int]:
    """Prior records as ASReview picks them: seeded draws without replacement from each class."""
    gold = np.asarray(labels, dtype=bool)
    included = np.random.RandomState(seed).choice(np.flatnonzero(gold), n_included, replace=False)
    excluded = np.random.RandomState(seed).choice(np.flatnonzero(~gold), n_excluded, replace=False)
    return [int(i) for i in [*included, *excluded]]


def simulate(
    data: LabelledSet,
    *,
    seed: int = 0,
    n_prior_included: int = 1,
    n_prior_excluded: int = 1,
    model: str = DEFAULT_MODEL,
    retrain_every: int = 1,
    embeddings: NDArray[np.float32] | None = None,
) -> SimulationResult:
    """Screen ``data`` in the order the ranker proposes, retraining after every ``retrain_every`` records;
    ``embeddings``, the records' sentence embeddings (one row each), when the model uses them."""
    started = time.perf_counter()
    priors = priors_pick(data.labels, seed=seed, n_included=n_prior_included, n_excluded=n_prior_excluded)
    ranker = Ranker(data.texts, embeddings=embeddings, model=model, seed=seed)
    labelled = {i: data.labels[i] for i in priors}
    left, order, retrains = sum(data.labels) - n_prior_included, [], 0
    while left > 0:
        ranker.fit(labelled)
        retrains += 1
        for index in ranker.rank()[:retrain_every]:
            labelled[index] = data.labels[index]
            order.append(data.labels[index])
            left -= data.labels[index]
    order += [False] * (len(data.labels) - len(labelled))
    return SimulationResult(
        order=order, priors=priors, seconds=time.perf_counter() - started, retrains=retrains
    )
