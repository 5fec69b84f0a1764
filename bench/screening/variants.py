"""Try ranker variants on the labelled sets and choose among them by leave-one-dataset-out validation.

    .venv/bin/python bench/screening/variants.py run VARIANT [VARIANT ...] [--seeds 0-4] [--every 4]
    .venv/bin/python bench/screening/variants.py score [VARIANT ...] [--seeds 0,1] [--every 4]

`run` replays each set with each seed (same priors as run.py; ``--every k`` retrains after every k records,
a cheaper stand-in) and keeps each order under bench/out/screening/variants/<variant>[-every<k>]/, so a
variant is replayed once. A replay stops once 95% of the relevant records and 10% of the records are
screened: recall@10% and WSS@95 need no more. Variants with embeddings read those of embed_sets.py. `score`
prints each variant's median recall@10% and WSS@95 over sets x seeds beside ASReview's (the orders run.py
keeps in bench/out/screening/asreview_orders/), the sets where it is worse than ASReview, and the
leave-one-dataset-out figures: for each set, the variant that does best on the other eight, scored on it.
"""

import argparse
import json
import math
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.screening.run import DATA, OUT, SETS, seeds_parse  # noqa: E402
from coproduce.evidence import metrics  # noqa: E402
from coproduce.evidence.ranking import Ranker  # noqa: E402
from coproduce.evidence.simulation import labelled_set_read, priors_pick  # noqa: E402

VARIANTS: dict[str, dict[str, object]] = {
    "svm": {"model": "svm"},
    "svm+nb": {"model": "svm+nb"},
    "esvm": {"model": "esvm", "embeddings": True, "embeddings_from": 0},
    "svm+esvm": {"model": "svm+esvm", "embeddings": True, "embeddings_from": 0},
    "svm+nb+esvm": {"model": "svm+nb+esvm", "embeddings": True, "embeddings_from": 0},
    "svm+nb+esvm@10": {"model": "svm+nb+esvm", "embeddings": True, "embeddings_from": 10},
    "svm+nb+eridge@10": {"model": "svm+nb+eridge", "embeddings": True, "embeddings_from": 10},
    "svm+nb+eridge@20": {"model": "svm+nb+eridge", "embeddings": True, "embeddings_from": 20},
    "svm+nb+eridge@30": {"model": "svm+nb+eridge", "embeddings": True, "embeddings_from": 30},
    # The embeddings count after a run of irrelevant records only ("run"), or after it or the 10th relevant
    # record, whichever comes first.
    "svm+nb+eridge@run20": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 20,
    },
    "svm+nb+eridge@run10": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 10,
    },
    "svm+nb+eridge@run30": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 30,
    },
    "svm+nb+eridge@20|run20": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 20,
        "switch_after": 20,
    },
    "svm+nb+eridge@run10&3": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 10,
        "switch_min_relevant": 3,
    },
    "svm+nb+eridge@run10&5": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 10,
        "switch_min_relevant": 5,
    },
    "svm+nb+eridge@run10&10": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 10,
        "switch_min_relevant": 10,
    },
    "svm+nb+eridge@run50": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 50,
    },
    "svm+nb+eridge@run100": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10**9,
        "switch_after": 100,
    },
    "svm+nb+eridge@10|run50": {
        "model": "svm+nb+eridge",
        "embeddings": True,
        "embeddings_from": 10,
        "switch_after": 50,
    },
}


def ranker_for(config: dict[str, object], texts: list[str], name: str, seed: int) -> Ranker:
    kwargs = dict(config)
    if kwargs.pop("embeddings", False):
        kwargs["embeddings"] = np.load(OUT / "embeddings" / f"{name}.npy")
    return Ranker(texts, seed=seed, **kwargs)  # type: ignore[arg-type]


EVERY = 1  # records screened between retrains (--every)


def replay(job: tuple[str, str, int]) -> list[bool]:
    variant_name, name, seed = job
    data = labelled_set_read(DATA / f"{name}.csv")
    priors = priors_pick(data.labels, seed=seed)
    ranker = ranker_for(VARIANTS[variant_name], data.texts, name, seed)
    labelled = {i: data.labels[i] for i in priors}
    n_rest = len(data.labels) - len(priors)
    relevant = sum(data.labels) - 1
    needed, tenth = math.ceil(0.95 * relevant - 1e-9), math.floor(0.10 * n_rest + 1e-9)
    order: list[bool] = []
    while sum(order) < needed or len(order) < tenth:
        ranker.fit(labelled)
        for index in ranker.rank()[:EVERY]:
            labelled[index] = data.labels[index]
            order.append(data.labels[index])
    rest = [data.labels[i] for i in range(len(data.labels)) if i not in labelled]
    return order + sorted(rest, reverse=True)  # the rest's order changes neither figure


def path_of(variant_name: str, name: str, seed: int) -> Path:
    suffix = "" if EVERY == 1 else f"-every{EVERY}"
    return OUT / "variants" / f"{variant_name}{suffix}" / f"{name}-s{seed}.json"


def run(names: list[str], seeds: list[int], jobs: int, sets: list[str]) -> None:
    todo = [(v, s, seed) for s in sets for v in names for seed in seeds if not path_of(v, s, seed).exists()]
    with ProcessPoolExecutor(jobs) as pool:
        for job, order in zip(todo, pool.map(replay, todo), strict=True):
            target = path_of(*job)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(order))
            print(
                *job, f"rec@10% {metrics.recall_at(order):.1%} WSS@95 {metrics.wss_at(order):.1%}", flush=True
            )


def figures(order: list[bool]) -> tuple[float, float]:
    return metrics.recall_at(order, 0.10), metrics.wss_at(order, 0.95)


def load(variant_name: str, seeds: list[int]) -> dict[str, list[tuple[float, float]]] | None:
    out = {}
    for name in SETS:
        found = []
        for seed in seeds:
            if variant_name == "asreview":
                path = OUT / "asreview_orders" / f"{name}-s{seed}.json"
                if not path.exists():
                    return None
                found.append(figures(json.loads(path.read_text())["order"]))
            else:
                path = path_of(variant_name, name, seed)
                if not path.exists():
                    return None
                found.append(figures(json.loads(path.read_text())))
        out[name] = found
    return out


def summary(per_set: dict[str, list[tuple[float, float]]], peer: dict[str, list[tuple[float, float]]]) -> str:
    rec = statistics.median(r for v in per_set.values() for r, _ in v)
    wss = statistics.median(w for v in per_set.values() for _, w in v)
    worse = [s for s in SETS if _set_score(per_set[s]) < _set_score(peer[s]) - 1e-9]
    return f"rec@10% {rec:6.1%}  WSS@95 {wss:6.1%}  worse on {len(worse)} ({', '.join(w[:6] for w in worse)})"


def _set_score(runs: list[tuple[float, float]]) -> float:
    """One set's figure for choosing and comparing: the mean of its median recall@10% and median WSS@95."""
    return (statistics.median(r for r, _ in runs) + statistics.median(w for _, w in runs)) / 2


def score(names: list[str], seeds: list[int]) -> None:
    peer = load("asreview", seeds)
    if peer is None:
        sys.exit("ASReview's orders are missing for these seeds.")
    results = {n: r for n in names if (r := load(n, seeds)) is not None}
    print(f"{'asreview':28} {summary(peer, peer)}")
    for n, r in results.items():
        print(f"{n:28} {summary(r, peer)}")
    lodo: dict[str, list[tuple[float, float]]] = {}
    for held in SETS:
        others = [s for s in SETS if s != held]
        gain = {
            n: statistics.mean(_set_score(r[s]) - _set_score(peer[s]) for s in others)
            for n, r in results.items()
        }
        chosen = max(gain, key=lambda n: gain[n])
        lodo[held] = results[chosen][held]
        print(f"  held out {held:18} chosen {chosen:24} held-out {_set_score(lodo[held]):6.1%} "
              f"asreview {_set_score(peer[held]):6.1%}")  # fmt: skip
    print(f"{'LODO':28} {summary(lodo, peer)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["run", "score", "list"])
    parser.add_argument("variants", nargs="*")
    parser.add_argument("--seeds", default="0-4")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--sets", default="", help="comma-separated; all by default")
    parser.add_argument("--every", type=int, default=1, help="records screened between retrains")
    args = parser.parse_args()
    EVERY = args.every
    if args.command == "list":
        print("\n".join(f"{k}: {v}" for k, v in VARIANTS.items()))
    elif args.command == "run":
        run(
            args.variants,
            seeds_parse(args.seeds),
            args.jobs,
            args.sets.split(",") if args.sets else SETS[::-1],
        )
    else:
        score(args.variants or sorted(VARIANTS), seeds_parse(args.seeds))
