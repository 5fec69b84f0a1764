"""Compare coproduce's opinion groups with Pol.is's published groups and with red-dwarf 0.4.0.

    .venv/bin/python bench/opinion/compare.py                 # every conversation, both tools
    .venv/bin/python bench/opinion/compare.py --no-reddwarf   # coproduce only
    .venv/bin/python bench/opinion/compare.py --only-scaling  # only the large copied conversation

For each conversation in ../shared/data/polis/ the latest vote per participant and statement is kept,
statements moderated out (comments.csv ``moderated`` == -1) are left out of the analysis (passed as
``excluded_statements`` / ``mod_out_statement_ids``), and the groups are compared with
the ``group-id`` column of participants-votes.csv: agreement is the share of participants with a published
group whose label matches under the best one-to-one relabelling (participants a tool did not place count as
misses). Times are the median of 3 runs of the analysis (votes already in memory): wall clock and, in
brackets, CPU time of the process (all its threads), which a busy machine inflates less. red-dwarf is
installed on first use into bench/.venv-reddwarf (pip install red-dwarf==0.4.0) and run through
reddwarf_driver.py.

The scaling run then does the same for one conversation (``--scale-conversation``, vtaiwan.uberx by default)
with its voters copied ``--copies`` times (8 by default, about 15,000 voters; see scaling.py), each copy
keeping its published group.
"""

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.opinion.scaling import conversation_copied  # noqa: E402
from coproduce.workshops.opinion import opinion_analyse  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polis"
VENV = ROOT / "bench" / ".venv-reddwarf"
DRIVER = Path(__file__).resolve().parent / "reddwarf_driver.py"
TARGETS = {"scoop-hivemind.biodiversity": 95.0, "vtaiwan.uberx": 95.0, "austria-climate": 95.0}
ROUNDS = 3
csv.field_size_limit(10**8)


def read_conversation(folder: Path) -> tuple[list[tuple[int, int, int, int]], list[int], dict[int, int]]:
    """Latest votes (participant, statement, vote, timestamp), the moderated-out statement ids (both tools
    leave these out of the analysis but count them towards the 7-vote minimum, as Pol.is does) and the
    published groups."""
    with open(folder / "comments.csv", newline="", encoding="utf-8") as handle:
        mod_out = sorted(
            int(r["comment-id"]) for r in csv.DictReader(handle) if r["moderated"].strip() == "-1"
        )
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    with open(folder / "votes.csv", newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            key = (int(r["voter-id"]), int(r["comment-id"]))
            stamp = int(r["timestamp"])
            if key not in latest or stamp >= latest[key][1]:
                latest[key] = (int(r["vote"]), stamp)
    votes = [(p, s, v, t) for (p, s), (v, t) in sorted(latest.items())]
    published: dict[int, int] = {}
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["group-id"].strip() != "":
                published[int(r["participant"])] = int(r["group-id"])
    return votes, mod_out, published


def agreement(ours: dict[int, int], published: dict[int, int], *, placed_only: bool = False) -> float:
    """Share (%) of published participants whose label matches under the best one-to-one relabelling;
    with ``placed_only`` the share is of those the tool placed too."""
    if placed_only:
        published = {p: g for p, g in published.items() if p in ours}
    ours_labels = sorted(set(ours.values()))
    theirs_labels = sorted(set(published.values()))
    table = np.zeros((len(ours_labels), len(theirs_labels)))
    for participant, theirs in published.items():
        if participant in ours:
            table[ours_labels.index(ours[participant]), theirs_labels.index(theirs)] += 1
    if not published or table.size == 0:
        return 0.0
    rows, cols = linear_sum_assignment(-table)
    return 100.0 * float(table[rows, cols].sum()) / len(published)


def run_ours(
    votes: list[tuple[int, int, int, int]], mod_out: list[int]
) -> tuple[dict[int, int], list[float], list[float], str]:
    triples = [(p, s, v) for p, s, v, _ in votes]
    seconds = []
    cpu = []
    labels: dict[int, int] = {}
    reason = ""
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = opinion_analyse(votes=triples, excluded_statements=mod_out)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        labels = {int(p.participant): p.group for p in result.placements}
        reason = result.reason
    return labels, seconds, cpu, reason


def reddwarf_ready() -> str:
    """Install red-dwarf if needed; return '' when ready, else why not."""
    python = VENV / "bin" / "python"
    try:
        if not python.exists():
            venv.create(VENV, with_pip=True)
        check = subprocess.run([str(python), "-c", "import reddwarf"], capture_output=True)
        if check.returncode != 0:
            subprocess.run([str(python), "-m", "pip", "install", "-q", "red-dwarf==0.4.0"], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        return f"red-dwarf could not be installed: {error}"
    return ""


def run_reddwarf(
    votes: list[tuple[int, int, int, int]], mod_out: list[int]
) -> tuple[dict[int, int], list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.json", Path(tmp) / "out.json"
        source.write_text(json.dumps({"votes": votes, "mod_out": mod_out, "rounds": ROUNDS}))
        subprocess.run(
            [str(VENV / "bin" / "python"), "-W", "ignore", str(DRIVER), str(source), str(target)], check=True
        )
        out = json.loads(target.read_text())
    return {int(p): int(g) for p, g in out["labels"].items()}, out["seconds"], out["cpu"]


def sizes(labels: dict[int, int]) -> str:
    counts = np.bincount(list(labels.values())) if labels else np.array([], dtype=int)
    return ", ".join(f"{g}:{int(n)}" for g, n in enumerate(counts)) or "none"


def report(
    title: str,
    votes: list[tuple[int, int, int, int]],
    mod_out: list[int],
    published: dict[int, int],
    *,
    target: str,
    reddwarf: bool,
) -> None:
    """Print one conversation's groups, agreement and time for coproduce and, with ``reddwarf``, red-dwarf."""
    ours, our_seconds, our_cpu, reason = run_ours(votes, mod_out)
    print(f"\n{title}: {len({v[0] for v in votes})} voters, {len(votes)} votes, published {sizes(published)}")
    our_time = statistics.median(our_seconds)
    print(
        f"  coproduce : groups {sizes(ours):<22} agreement {agreement(ours, published):5.1f}% "
        f"({agreement(ours, published, placed_only=True):5.1f}% of placed)  "
        f"time {our_time:.3f} s (CPU {statistics.median(our_cpu):.3f} s){target}"
    )
    if reason:
        print(f"              not enough votes yet: {reason}")
    if not reddwarf:
        return
    try:
        theirs, their_seconds, their_cpu = run_reddwarf(votes, mod_out)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"  red-dwarf : failed ({error})")
        return
    their_time = statistics.median(their_seconds)
    verdict = "no slower" if our_time <= their_time else "SLOWER"
    print(
        f"  red-dwarf : groups {sizes(theirs):<22} agreement {agreement(theirs, published):5.1f}% "
        f"({agreement(theirs, published, placed_only=True):5.1f}% of placed)  "
        f"time {their_time:.3f} s (CPU {statistics.median(their_cpu):.3f} s)  (coproduce {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-reddwarf", action="store_true")
    parser.add_argument("--only-scaling", action="store_true", help="run only the copied conversation")
    parser.add_argument("--no-scaling", action="store_true", help="skip the copied conversation")
    parser.add_argument("--copies", type=int, default=8, help="copies of the voters in the scaling run")
    parser.add_argument("--scale-conversation", default="vtaiwan.uberx")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}")
        return
    skipped = "skipped (--no-reddwarf)" if args.no_reddwarf else reddwarf_ready()
    if skipped:
        print(f"red-dwarf: {skipped}")
    folders = sorted(p for p in DATA.iterdir() if p.is_dir())
    for folder in [] if args.only_scaling else folders:
        votes, mod_out, published = read_conversation(folder)
        name = next((t for t in TARGETS if folder.name.startswith(t)), folder.name)
        target = f"  target >= {TARGETS[name]:.0f}%" if name in TARGETS else ""
        report(folder.name, votes, mod_out, published, target=target, reddwarf=not skipped)
    if args.no_scaling:
        return
    source = next((f for f in folders if f.name.startswith(args.scale_conversation)), None)
    if source is None:
        print(f"\nno conversation named {args.scale_conversation} for the scaling run")
        return
    votes, mod_out, published = read_conversation(source)
    votes, published = conversation_copied(votes, published, copies=args.copies)
    title = f"scaling: {source.name} x {args.copies}"
    report(title, votes, mod_out, published, target="  target < 1 s", reddwarf=not skipped)


if __name__ == "__main__":
    main()
