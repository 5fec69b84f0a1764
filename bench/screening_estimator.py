"""How often the interval for "relevant records still unscreened" holds the true number.

    .venv/bin/python bench/screening_estimator.py                 # 9 sets x 10 seeds (simulations cached)
    .venv/bin/python bench/screening_estimator.py --seeds 3 --sets Sep_2021,Nelson_2002

Each labelled set in ../shared/data/synergy is screened the way the screening page screens it: the app's
own `Ranker` (coproduce.evidence.ranking, as in coproduce.evidence.simulation), starting from one relevant
and one irrelevant prior record drawn with the seed, retraining after every ``--retrain-every`` records. At
every 5% of the set (a checkpoint) the run notes the true number of relevant records still unscreened and
the old point estimate (`relevant_remaining_predicted`, below); it goes on until every relevant record is
found and two more checkpoints have passed. The screening orders and the old estimates are cached in
bench/out/screening_estimator/, so changing the estimator does not simulate again.

Then the estimate the page shows now (`coproduce.evidence.remaining.remaining_estimate`, from the screening
order alone) is worked out at every checkpoint, and the script prints, per set and overall: how often the
90% interval held the true number (coverage), how often the truth was above it, its median width, and the
median absolute error of the old and the new point estimate, side by side. The estimator's constants were
chosen on the tuning sets (TUNING below) only; the figures are printed for the held-out sets and all sets.
"""

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from coproduce.evidence.ranking import DEFAULT_MODEL, Ranker, _lr_fit  # noqa: E402
from coproduce.evidence.remaining import remaining_estimate  # noqa: E402
from coproduce.evidence.simulation import labelled_set_read, priors_pick  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "synergy"
OUT = ROOT / "bench" / "out" / "screening_estimator"
SETS = [
    "Sep_2021", "Nelson_2002", "van_der_Valk_2021", "Meijboom_2021", "Oud_2018",
    "Menon_2022", "Jeyaraman_2020", "Chou_2004", "Nagtegaal_2019",
]  # fmt: skip
TUNING = ["Sep_2021", "Meijboom_2021", "Jeyaraman_2020"]  # constants chosen on these only
STEP = 0.05  # a checkpoint at every 5% of the set
Run = dict[str, Any]


@dataclass(frozen=True)
class Point:
    name: str
    screened: int
    truth: int
    old: float
    new: float
    low: int
    high: int

    @property
    def covered(self) -> bool:
        return self.low <= self.truth <= self.high


def relevant_remaining_predicted(ranker: Ranker) -> float:
    """The old point estimate: the expected number of relevant records among the unscreened ones (the sum of
    their probabilities), from a ranker already fitted.

    The probabilities come from a logistic regression with balanced class weights whose odds are then
    multiplied by (relevant screened / irrelevant screened), undoing the balancing, so that they match the
    share of relevant records among the screened ones. Records screened first are richer in relevant
    records than the rest, so this estimate tends to be high; the screening page shows
    `remaining.remaining_estimate` instead, and this one is kept here as the comparison."""
    index = np.flatnonzero(ranker._labelled)
    y = ranker._labels[index]
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    unlabelled = ~ranker._labelled
    if n_pos == 0 or n_neg == 0:
        share = (n_pos + 0.5) / (n_pos + n_neg + 1.0)
        return float(share * unlabelled.sum())
    t = ranker._training(index, y)
    model = _lr_fit(t.x, y, ranker.seed)
    scores = ranker._apply(t.columns, np.asarray(model.coef_[0], dtype=np.float64))
    logit = scores[unlabelled] + float(model.intercept_[0]) + np.log(n_pos / n_neg)
    return float((1.0 / (1.0 + np.exp(-logit))).sum())


def simulate(name: str, seed: int, retrain_every: int) -> Run:
    """Screen one set in the ranker's order; note the old estimate and the truth at each checkpoint."""
    data = labelled_set_read(DATA / f"{name}.csv")
    n_total, n_relevant = len(data.labels), sum(data.labels)
    priors = priors_pick(data.labels, seed=seed)
    ranker = Ranker(data.texts, model=DEFAULT_MODEL, seed=seed)
    labelled = {i: data.labels[i] for i in priors}
    sequence = [data.labels[i] for i in priors]
    checkpoints: list[dict[str, float]] = []
    step = max(1, round(STEP * n_total))
    extra = 2  # checkpoints noted after the last relevant record was found
    while len(labelled) < n_total and extra > 0:
        ranker.fit(labelled)
        if len(labelled) >= step * (len(checkpoints) + 1):
            found = sum(sequence)
            old = relevant_remaining_predicted(ranker)
            checkpoints.append({"screened": len(labelled), "truth": n_relevant - found, "old": old})
            extra -= found == n_relevant
        for index in ranker.rank()[:retrain_every]:
            labelled[index] = data.labels[index]
            sequence.append(data.labels[index])
    return {"n_total": n_total, "sequence": [int(x) for x in sequence], "checkpoints": checkpoints}


def runs_load(sets: list[str], seeds: int, retrain_every: int) -> dict[str, list[Run]]:
    OUT.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[Run]] = {}
    for name in sets:
        runs[name] = []
        for seed in range(seeds):
            path = OUT / f"{name}-s{seed}-r{retrain_every}.json"
            if not path.exists():
                started = time.perf_counter()
                path.write_text(json.dumps(simulate(name, seed, retrain_every)))
                print(f"simulated {name} seed {seed} in {time.perf_counter() - started:.0f} s", flush=True)
            runs[name].append(json.loads(path.read_text()))
    return runs


def points(name: str, run: Run) -> list[Point]:
    found: list[Point] = []
    for checkpoint in run["checkpoints"]:
        screened = int(checkpoint["screened"])
        estimate = remaining_estimate([bool(x) for x in run["sequence"][:screened]], run["n_total"])
        assert estimate is not None  # every checkpoint follows at least the two priors
        found.append(
            Point(
                name=name,
                screened=screened,
                truth=int(checkpoint["truth"]),
                old=float(checkpoint["old"]),
                new=estimate.expected,
                low=estimate.low,
                high=estimate.high,
            )
        )
    return found


def summary(label: str, rows: list[Point]) -> str:
    if not rows:
        return f"{label:<22} (no checkpoints)"
    coverage = sum(p.covered for p in rows) / len(rows)
    width = statistics.median(p.high - p.low for p in rows)
    old_error = statistics.median(abs(p.old - p.truth) for p in rows)
    new_error = statistics.median(abs(p.new - p.truth) for p in rows)
    above = sum(p.truth > p.high for p in rows) / len(rows)
    return (
        f"{label:<22} {len(rows):>6} {coverage:>9.1%} {above:>9.1%} {width:>7.0f}"
        f" {old_error:>10.1f} {new_error:>10.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--retrain-every", type=int, default=5)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"No labelled sets at {DATA}: nothing to measure.")
        return
    sets = [name for name in args.sets.split(",") if (DATA / f"{name}.csv").exists()]
    runs = runs_load(sets, args.seeds, args.retrain_every)
    by_set = {name: [p for run in runs[name] for p in points(name, run)] for name in sets}
    print(
        f"\n{args.seeds} seeds, retraining every {args.retrain_every} records, a checkpoint every 5% of a set"
    )
    print("coverage: share of checkpoints whose 90% interval held the true number of relevant records left;")
    print("above: share where the truth was above the interval; error: median |estimate - truth|\n")
    heading = ("points", 6), ("coverage", 9), ("above", 9), ("width", 7), ("old error", 10), ("new error", 10)
    print(f"{'set':<22} " + " ".join(f"{name:>{width}}" for name, width in heading))
    for name in sets:
        print(summary(name + (" (tuning)" if name in TUNING else ""), by_set[name]))
    held_out = [p for name in sets if name not in TUNING for p in by_set[name]]
    tuning = [p for name in sets if name in TUNING for p in by_set[name]]
    print()
    print(summary("tuning sets", tuning))
    print(summary("held-out sets", held_out))
    print(summary("all sets", held_out + tuning))
    for low, high in ((0.0, 0.25), (0.25, 0.5), (0.5, 1.01)):
        rows = [
            p for run_points in by_set.values() for p in run_points if _share(p, runs) in _range(low, high)
        ]
        print(summary(f"all, {low:.0%}-{min(high, 1):.0%} screened", rows))


def _share(point: Point, runs: dict[str, list[Run]]) -> float:
    return point.screened / runs[point.name][0]["n_total"]


class _range:
    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def __contains__(self, value: float) -> bool:
        return self.low <= value < self.high


if __name__ == "__main__":
    main()
