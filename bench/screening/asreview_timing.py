"""Time ASReview's default model (elas_u4): retrain and re-rank once, at a given number of screened records.

Run with the ASReview virtual environment's python: python asreview_timing.py TEXTS.json LABELS.json.
Prints one JSON line: {"n_records": ..., "ms": {"100": ..., "1000": ...}}.
"""

import json
import sys
import time

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
from asreview.learner import ActiveLearningCycle  # type: ignore[import-not-found]
from asreview.models.models import get_ai_config  # type: ignore[import-not-found]


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        texts = json.load(handle)
    with open(sys.argv[2], encoding="utf-8") as handle:
        labels = np.asarray(json.load(handle), dtype=int)
    sizes = [int(s) for s in sys.argv[3].split(",")]
    cycle = ActiveLearningCycle.from_meta(get_ai_config("elas_u4")["value"])
    features = cycle.transform(pd.DataFrame({"title": texts, "abstract": [""] * len(texts)}))
    rng = np.random.default_rng(0)
    timings = {}
    for size in sizes:
        index = rng.choice(len(texts), size, replace=False)
        index[:2] = [int(np.flatnonzero(labels)[0]), int(np.flatnonzero(labels == 0)[0])]
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            cycle.fit(features[index], labels[index])
            cycle.rank(features)
            runs.append(1000 * (time.perf_counter() - started))
        timings[str(size)] = float(np.median(runs))
    print(json.dumps({"n_records": len(texts), "ms": timings}))


if __name__ == "__main__":
    main()
