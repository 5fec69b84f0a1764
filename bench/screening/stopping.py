"""Where the screening page says "you may stop", and how much recall a team has by then.

    nice -n 10 .venv/bin/python bench/screening/stopping.py             # 9 sets x 5 seeds
    nice -n 10 .venv/bin/python bench/screening/stopping.py --quick     # 3 smallest sets, 1 seed
    nice -n 10 .venv/bin/python bench/screening/stopping.py --seeds 0-9

Each labelled set in ../shared/data/synergy is screened in coproduce's default ranking order, retraining
after every decision, from the same priors as `run.py` (one relevant and one irrelevant record drawn with
the seed as ASReview draws them; `coproduce.evidence.simulation.simulate`). The priors count as prior
knowledge, as on the page: they are left out of the screening order and of the records the test counts.

After each decision the run asks `coproduce.evidence.stopping.stopping_test`, the function the screening
page and the stop page use to say "you may stop" (`first_stop` asks it decision by decision), and notes the
first decision at which it says so: the recall reached then (of the relevant records the ranking had to
find, priors left out, and of all the set's relevant records) and the share of the set's records screened.
It prints these per run, per set and overall: the share of runs that reached at least 95% recall when
stopped, the median share screened at the stop and the worst recall. The screening orders are cached in
bench/out/screening/stopping/, so a change to the rule is measured again without simulating again.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coproduce.evidence.simulation import labelled_set_read, simulate  # noqa: E402
from coproduce.evidence.stopping import RECALL_TARGET, first_stop  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "synergy"
OUT = ROOT / "bench" / "out" / "screening" / "stopping"
SETS = [
    "Sep_2021", "Nelson_2002", "van_der_Valk_2021", "Meijboom_2021", "Oud_2018",
    "Menon_2022", "Jeyaraman_2020", "Chou_2004", "Nagtegaal_2019",
]  # fmt: skip
Row = dict[str, Any]


def order_load(name: str, seed: int) -> tuple[list[bool], int]:
    """The screening order (priors left out) and the number of records in the set, cached."""
    path = OUT / f"{name}-s{seed}.json"
    if not path.exists():
        started = time.perf_counter()
        data = labelled_set_read(DATA / f"{name}.csv")
        result = simulate(data, seed=seed)
        cached = {"order": result.order, "records": len(data.labels), "priors": len(result.priors)}
        path.write_text(json.dumps(cached))
        print(f"  simulated {name} seed {seed} in {time.perf_counter() - started:.0f} s", flush=True)
    cached = json.loads(path.read_text())
    return cached["order"], cached["records"]


def measure(name: str, seed: int) -> Row:
    """The first decision at which the page would say "you may stop", and the recall then."""
    order, records = order_load(name, seed)
    priors = records - len(order)
    relevant = sum(order)
    at = first_stop(order, len(order))
    screened = len(order) if at is None else at
    found = sum(order[:screened])
    return {
        "set": name,
        "seed": seed,
        "stopped": at is not None,
        "screened": screened,
        "share": (screened + priors) / records,
        "recall": found / relevant if relevant else 1.0,
        "recall_all": (found + 1) / (relevant + 1),  # the one relevant prior counted as found
        "left": relevant - found,
    }


def summary(label: str, rows: list[Row]) -> str:
    reached = sum(r["recall"] >= RECALL_TARGET for r in rows) / len(rows)
    share = statistics.median(r["share"] for r in rows)
    worst = min(r["recall"] for r in rows)
    never = sum(not r["stopped"] for r in rows)
    return (
        f"{label:18} {len(rows):>4} {reached:>10.0%} {share:>9.1%} {worst:>8.1%} "
        f"{statistics.median(r['recall'] for r in rows):>8.1%} {never:>6}"
    )


def seeds_parse(text: str) -> list[int]:
    if "-" in text:
        low, high = (int(part) for part in text.split("-"))
        return list(range(low, high + 1))
    return [int(part) for part in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 smallest sets, 1 seed")
    parser.add_argument("--seeds", default="0-4", help="e.g. 0-4 or 0,1,2")
    parser.add_argument("--sets", help="comma-separated set names (default: all nine)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sets = args.sets.split(",") if args.sets else SETS
    sets, seeds = (SETS[:3], [0]) if args.quick else (sets, seeds_parse(args.seeds))
    rows = [measure(name, seed) for seed in seeds for name in sets]  # every set once before the next seed
    (OUT.parent / "stopping.json").write_text(json.dumps(rows, indent=1))
    print(f"\n{'set':18} {'seed':>4} {'screened':>9} {'share':>7} {'recall':>7} {'all':>7} {'missed':>6}")
    for r in rows:
        print(f"{r['set']:18} {r['seed']:>4} {r['screened']:>9} {r['share']:>7.1%} {r['recall']:>7.1%} "
              f"{r['recall_all']:>7.1%} {r['left']:>6}{'' if r['stopped'] else ' (never)'}")  # fmt: skip
    print(f"\nHypergeometric test, {RECALL_TARGET:.0%} recall, alpha 0.05, as the screening page applies it")
    print(
        f"{'set':18} {'runs':>4} {'rec>=95%':>10} {'med share':>9} {'worst':>8} {'med rec':>8} {'never':>6}"
    )
    for name in sets:
        print(summary(name, [r for r in rows if r["set"] == name]))
    print(summary("ALL", rows))


if __name__ == "__main__":
    main()
