"""Benchmark coproduce's screening prioritisation against ASReview 3.0.8 (default model elas_u4).

    .venv/bin/python bench/screening/run.py            # 9 sets x 5 seeds, both tools, plus timing
    .venv/bin/python bench/screening/run.py --quick    # 3 smallest sets, 1 seed

The default model uses the records' sentence embeddings when bench/screening/embed_sets.py has made them
(bench/out/screening/embeddings/, with the optional packages in bench/.venv-embed); without them it is the
TF-IDF models alone, as in the app.

Both tools start from the same priors (1 relevant + 1 irrelevant record drawn with the seed as ASReview
does), and both screening orders are scored by coproduce.evidence.metrics, priors left out. ASReview is
installed into bench/.venv-asreview on first use (pip install asreview==3.0.8). Outputs: bench/out/screening/.
"""

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coproduce.evidence import metrics  # noqa: E402
from coproduce.evidence.ranking import DEFAULT_MODEL, Ranker, features_build  # noqa: E402
from coproduce.evidence.simulation import labelled_set_read, simulate  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "synergy"
VENV = ROOT / "bench" / ".venv-asreview"
OUT = ROOT / "bench" / "out" / "screening"
EMBEDDINGS = OUT / "embeddings"
SETS = [
    "Sep_2021", "Nelson_2002", "van_der_Valk_2021", "Meijboom_2021", "Oud_2018",
    "Menon_2022", "Jeyaraman_2020", "Chou_2004", "Nagtegaal_2019",
]  # fmt: skip
TIMING_SIZES = "100,1000"
Row = dict[str, Any]


def asreview_install() -> Path:
    exe = VENV / "bin" / "asreview"
    if not exe.exists():
        print("Installing asreview==3.0.8 into", VENV, flush=True)
        venv.create(VENV, with_pip=True)
        (VENV / ".gitignore").write_text("*\n")
        pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "asreview==3.0.8"], check=True)
    return exe


def order_from_project(path: Path, n_records: int) -> list[bool]:
    """Labels in ASReview's screening order (results rows by insertion), priors (no classifier) left out."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(path) as project:
            db = project.extract("results.db", tmp)
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT label, classifier FROM results ORDER BY rowid").fetchall()
    n_priors = sum(1 for _, classifier in rows if classifier is None)
    order = [bool(label) for label, classifier in rows if classifier is not None]
    return order + [False] * (n_records - n_priors - len(order))


def run_asreview(name: str, seed: int, model: str, reuse: bool = False) -> Row:
    """ASReview's screening of one set from one seed's priors; kept in asreview_orders/ (it is deterministic
    for a seed), and read from there with ``reuse``."""
    del model
    kept = OUT / "asreview_orders" / f"{name}-s{seed}.json"
    if reuse and kept.exists():
        row: Row = json.loads(kept.read_text())
        return row
    path = OUT / f"{name}-s{seed}.asreview"
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    cmd = [str(asreview_install()), "simulate", str(DATA / f"{name}.csv"), "--ai", "elas_u4"]
    cmd += [
        "--seed",
        str(seed),
        "--prior-seed",
        str(seed),
        "--n-prior-included",
        "1",
        "--n-prior-excluded",
        "1",
    ]
    # ASReview writes a request cache into its working folder: keep it with the outputs.
    subprocess.run([*cmd, "-o", str(path)], check=True, capture_output=True, cwd=OUT)
    seconds = time.perf_counter() - started
    n_records = len(labelled_set_read(DATA / f"{name}.csv").labels)
    order = order_from_project(path, n_records)
    row = {"tool": "asreview", "set": name, "seed": seed, "seconds": seconds, "order": order}
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(row))
    return row


def run_coproduce(name: str, seed: int, model: str, reuse: bool = False) -> Row:
    """coproduce's screening of one set from one seed's priors, in a process of its own; kept in
    coproduce_orders/<model>/, and read from there with ``reuse`` (only while the ranker is unchanged)."""
    kept = OUT / "coproduce_orders" / model / f"{name}-s{seed}.json"
    if reuse and kept.exists():
        row: Row = json.loads(kept.read_text())
        return row
    cmd = [sys.executable, __file__, "--one", name, "--seed", str(seed), "--model", model]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    row = json.loads(done.stdout)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(row))
    return row


def embeddings_of(name: str) -> Any:
    """The set's sentence embeddings made by embed_sets.py, or None (the ranker then uses TF-IDF alone)."""
    import numpy as np

    path = EMBEDDINGS / f"{name}.npy"
    return np.load(path) if path.exists() else None


def one(name: str, seed: int, model: str) -> None:
    data = labelled_set_read(DATA / f"{name}.csv")
    result = simulate(data, seed=seed, model=model, embeddings=embeddings_of(name))
    row = {"tool": "coproduce", "set": name, "seed": seed, "seconds": result.seconds, "order": result.order}
    print(json.dumps(row))


def scores(order: list[bool]) -> dict[str, float]:
    return {
        "rec10": metrics.recall_at(order, 0.10),
        "wss95": metrics.wss_at(order, 0.95),
        "loss": metrics.loss(order),
        "atd": metrics.average_time_to_discovery(order),
    }


def table(rows: list[Row], sets: list[str]) -> dict[str, dict[str, float]]:
    print(
        f"\n{'set':18} {'tool':9} {'seed':>4} {'rec@10%':>8} {'WSS@95':>7} {'loss':>6} {'ATD':>6} {'sec':>7}"
    )
    per_tool: dict[str, dict[str, list[float]]] = {}
    for name in sets:
        for tool in ("coproduce", "asreview"):
            mine = sorted(
                (r for r in rows if r["set"] == name and r["tool"] == tool), key=lambda r: r["seed"]
            )
            for r in mine:
                s = r["scores"]
                print(f"{name:18} {tool:9} {r['seed']:>4} {s['rec10']:8.1%} {s['wss95']:7.1%} "
                      f"{s['loss']:6.3f} {s['atd']:6.3f} {r['seconds']:7.1f}")  # fmt: skip
                for key, value in s.items():
                    per_tool.setdefault(tool, {}).setdefault(key, []).append(value)
            if mine:
                med = {k: statistics.median(r["scores"][k] for r in mine) for k in mine[0]["scores"]}
                print(f"{name:18} {tool:9} {'med':>4} {med['rec10']:8.1%} {med['wss95']:7.1%} "
                      f"{med['loss']:6.3f} {med['atd']:6.3f}")  # fmt: skip
    return {tool: {k: statistics.median(v) for k, v in d.items()} for tool, d in per_tool.items()}


def timing_set() -> tuple[list[str], list[bool], Any]:
    """The nine sets' records one after the other, repeated to 10,000, with their embeddings (None unless
    embed_sets.py made every set's)."""
    import numpy as np

    texts, labels, vectors = [], [], []
    for name in SETS:
        data = labelled_set_read(DATA / f"{name}.csv")
        texts += data.texts
        labels += data.labels
        vectors.append(embeddings_of(name))
    embeddings = None if any(v is None for v in vectors) else np.vstack(vectors)
    while len(texts) < 10_000:
        texts, labels = texts + texts, labels + labels
        embeddings = None if embeddings is None else np.vstack([embeddings, embeddings])
    return texts[:10_000], labels[:10_000], None if embeddings is None else embeddings[:10_000]


def timing_coproduce(
    features: Any, embeddings: Any, texts: list[str], labels: list[bool], model: str
) -> dict[str, float]:
    import numpy as np

    ranker = Ranker(features=features, embeddings=embeddings, model=model)
    rng, out = np.random.default_rng(0), {}
    for size in (int(s) for s in TIMING_SIZES.split(",")):
        index = rng.choice(len(texts), size, replace=False)
        labelled = {int(i): labels[i] for i in index} | {labels.index(True): True, labels.index(False): False}
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            ranker.fit(labelled)
            ranker.rank()
            runs.append(1000 * (time.perf_counter() - started))
        out[str(size)] = statistics.median(runs)
    return out


def timing_asreview() -> dict[str, float]:
    script = Path(__file__).with_name("asreview_timing.py")
    args = [str(OUT / "timing_texts.json"), str(OUT / "timing_labels.json"), TIMING_SIZES]
    done = subprocess.run(
        [str(VENV / "bin" / "python"), str(script), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=OUT,
    )
    ms: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])["ms"]
    return ms


def timing(model: str, with_asreview: bool, rounds: int) -> None:
    """Both tools in turn, ``rounds`` times, so that both see the same load on the machine; the median
    of the rounds (each the median of 5 retrains)."""
    texts, labels, embeddings = timing_set()
    features = features_build(texts)
    (OUT / "timing_texts.json").write_text(json.dumps(texts))
    (OUT / "timing_labels.json").write_text(json.dumps(labels))
    runs: dict[str, list[dict[str, float]]] = {"coproduce": [], "asreview": []}
    for _ in range(rounds):
        runs["coproduce"].append(timing_coproduce(features, embeddings, texts, labels, model))
        if with_asreview:
            runs["asreview"].append(timing_asreview())
    print(f"\nRetrain + re-rank after one decision, {len(texts)} records (ms; median of {rounds} rounds, "
          "each the median of 5):")  # fmt: skip
    labels_of = {"coproduce": f"coproduce ({model})", "asreview": "asreview (elas_u4)"}
    summary: dict[str, dict[str, float]] = {}
    for tool, rows in runs.items():
        for size in TIMING_SIZES.split(",") if rows else []:
            values = [row[size] for row in rows]
            summary.setdefault(tool, {})[size] = statistics.median(values)
            spread = ", ".join(f"{v:.1f}" for v in values)
            print(
                f"  {labels_of[tool]:22} {size:>5} screened: {statistics.median(values):7.1f} ms  ({spread})"
            )
    (OUT / "timing.json").write_text(json.dumps(summary))


def seeds_parse(text: str) -> list[int]:
    """``0-4`` (a range, both ends in) or ``0,1,2``."""
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 smallest sets, 1 seed")
    parser.add_argument("--seeds", default="0-4", help="0-4 or 0,1,2")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-asreview", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="read the orders kept by an earlier run")
    parser.add_argument("--timing-rounds", type=int, default=5)
    parser.add_argument("--timing-only", action="store_true", help="only time retrain + re-rank")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one(args.one, args.seed, args.model)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.timing_only:
        if not args.no_asreview:
            asreview_install()
        return timing(args.model, not args.no_asreview, args.timing_rounds)
    sets, seeds = (SETS[:3], [0]) if args.quick else (SETS, seeds_parse(args.seeds))
    runners = [run_coproduce] + ([] if args.no_asreview else [run_asreview])
    if not args.no_asreview:
        asreview_install()
    embedded = sum((EMBEDDINGS / f"{name}.npy").exists() for name in sets)
    print(f"coproduce: model {args.model}; embeddings for {embedded} of {len(sets)} sets", flush=True)
    jobs = [(runner, name, seed) for seed in seeds for name in reversed(sets) for runner in runners]
    started = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda job: job[0](job[1], job[2], args.model, args.reuse), jobs))
    for row in rows:
        row["scores"] = scores(row["order"])
    (OUT / "results.json").write_text(
        json.dumps([{k: v for k, v in r.items() if k != "order"} for r in rows])
    )
    medians = table(rows, sets)
    timing(args.model, not args.no_asreview, args.timing_rounds)
    print(f"\nTotal benchmark time {time.perf_counter() - started:.0f} s")
    for tool, med in medians.items():
        print(f"MEDIAN {tool}: recall@10% {med['rec10']:.1%}  WSS@95 {med['wss95']:.1%}  "
              f"loss {med['loss']:.3f}  ATD {med['atd']:.3f}", end="   ")  # fmt: skip
    print()


if __name__ == "__main__":
    main()
