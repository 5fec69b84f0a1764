"""Mixed load benchmark: workshops, researchers and report builds at once, with and without the task worker.

    .venv/bin/python bench/mixed_load/mixed_load.py [--minutes 5] [--phones 100] [--workshops 5]
        [--researchers 30] [--only worker|today]

Production configuration on loopback (mixed_stack.py): PostgreSQL, Redis, uvicorn, the task worker. The
data (mixed_seed.py) is seeded once; each shape runs on a fresh copy of it. For `--minutes`, at once: in
each workshop `--phones` phones vote over their sockets and add cards by form posts (one action every 2 to
6 s each) while a projector measures vote-to-projector time; `--researchers` researchers browse and code
(1 to 3 s think time); the lead asks for the report as PDF every 30 s and follows its job to the file.
Prints both shapes side by side with the targets. Exits non-zero only when the run itself fails, never on
a missed target. See README.md.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import redis
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.mixed_load.mixed_figures import Figures, Outcome, figures, table_print
from bench.mixed_load.mixed_people import (
    Crowd,
    projector_latencies,
    projectors_settle,
    workshop_act,
    workshop_close,
    workshop_prepare,
)
from bench.mixed_load.mixed_researchers import Office, reports_run, researcher_run
from bench.mixed_load.mixed_stack import (
    SHAPES,
    Layout,
    Running,
    cpu_sample,
    database_analyze,
    database_drop,
    job_rows,
    peak_rss_mb,
    rss_mb,
    shape_start,
    stored_votes,
)
from bench.workshop_load.load_client import HttpPool
from bench.workshop_load.load_stack import PYTHON, ROOT, Stack, stack_prepare

HERE = Path(__file__).resolve().parent


def seed(stack: Stack, *, researchers: int, workshops: int) -> dict[str, Any]:
    started = time.perf_counter()
    command = [PYTHON, str(HERE / "mixed_seed.py"), "--researchers", str(researchers)]
    command += ["--workshops", str(workshops)]
    result = subprocess.run(command, cwd=ROOT, env=stack.env, check=True, capture_output=True, text=True)
    seeded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    database_analyze(stack.database_url)
    print(f"Seeded {seeded['summary']}, {researchers} researchers and {workshops} live workshops in "
          f"{time.perf_counter() - started:.0f} s.", flush=True)  # fmt: skip
    return seeded


async def memory_watch(running: Running, peaks: dict[str, float], stop: asyncio.Event) -> None:
    """Every second, the resident memory of every server process; keeps each one's peak (with VmHWM)."""
    while True:
        for name, pid in running.processes().items():
            current = max(rss_mb(pid) or 0.0, peak_rss_mb(pid) or 0.0)
            peaks[name] = max(peaks.get(name, 0.0), current)
        if stop.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


async def load_run(args: argparse.Namespace, running: Running, seeded: dict[str, Any]) -> Outcome:
    rng = random.Random(args.seed)
    crowd, office = Crowd(), Office()
    participants = HttpPool("127.0.0.1", running.socket_port, 64, recycle=250, max_idle=4.0)
    web = HttpPool("127.0.0.1", running.web_port, args.researchers + 2, recycle=250, max_idle=4.0)
    peaks: dict[str, float] = {}
    stop = asyncio.Event()
    watching = asyncio.create_task(memory_watch(running, peaks, stop))
    load_before = _load()
    cpu_before = time.process_time()
    started = time.perf_counter()
    workshops = await asyncio.gather(*(
        workshop_prepare(crowd, participants, w, phones=args.phones, socket_port=running.socket_port,
                         session=str(seeded["lead_session"]), rng=random.Random(rng.random()))
        for w in seeded["workshops"]
    ))  # fmt: skip
    print(f"  {crowd.joined} phones joined and connected in {time.perf_counter() - started:.0f} s; "
          f"load for {args.minutes:g} min.", flush=True)  # fmt: skip
    began = time.perf_counter()
    until = began + args.minutes * 60
    cpu_began = cpu_sample(running.processes()) | {"load generator": time.process_time()}
    cpu_from = time.perf_counter()
    sessions = seeded["researcher_sessions"][: args.researchers]
    await asyncio.gather(
        *(
            workshop_act(crowd, participants, w, until=until, rng=random.Random(rng.random()))
            for w in workshops
        ),
        *(
            researcher_run(office, web, seeded, s, until=until, rng=random.Random(rng.random()))
            for s in sessions
        ),
        reports_run(office, web, seeded, until=until),
    )
    window = until - began
    cpu_ended = cpu_sample(running.processes()) | {"load generator": time.process_time()}
    cpu_window = time.perf_counter() - cpu_from
    settled = await projectors_settle(crowd)
    latencies, unseen = projector_latencies(crowd, since=began, settled=settled)
    for workshop in workshops:
        await workshop_close(crowd, workshop)
    stop.set()
    await watching
    participants.close()
    web.close()
    return Outcome(
        crowd=crowd,
        office=office,
        stored=stored_votes(running.stack.database_url),
        jobs=job_rows(running.stack.database_url),
        latencies=latencies,
        unseen=unseen,
        memory=peaks,
        window=window,
        load=(load_before, _load()),
        generator_cpu=time.process_time() - cpu_before,
        cpu={k: v - cpu_began[k] for k, v in cpu_ended.items() if k in cpu_began},
        cpu_window=cpu_window,
    )


def shape_run(args: argparse.Namespace, base: Stack, seeded: dict[str, Any], shape: str) -> Figures:
    redis.Redis.from_url(args.redis_url).flushdb()
    running = shape_start(
        base, shape=shape, template=args.database, database=f"{args.database}_run", layout=_layout(args)
    )
    try:
        where = f"web on {running.web_port}, participants and sockets on {running.socket_port}"
        print(f"Shape '{shape}': {where}; load average {_load()}", flush=True)
        outcome = uvloop.run(load_run(args, running, seeded))
    finally:
        running.stop()
        database_drop(f"{args.database}_run")
    return figures(shape, outcome)


def _layout(args: argparse.Namespace) -> Layout:
    return Layout(
        web=args.web, socket=args.sockets, task_workers=args.task_workers, worker_nice=args.worker_nice
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the load, per shape")
    parser.add_argument("--phones", type=int, default=100, help="phones per workshop")
    parser.add_argument("--workshops", type=int, default=5)
    parser.add_argument("--researchers", type=int, default=30)
    parser.add_argument("--only", choices=SHAPES, help="run one shape only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--web", type=int, default=2, help="web processes in the worker shape")
    parser.add_argument("--sockets", type=int, default=1, help="socket processes in the worker shape")
    parser.add_argument("--task-workers", type=int, default=1, help="task workers in the worker shape")
    parser.add_argument("--worker-nice", type=int, default=0, help="the task workers' niceness (0 to 19)")
    parser.add_argument("--database", default="coproduce_bench_mixed")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    print(f"{os.cpu_count()} cores; load average {_load()}", flush=True)
    base = stack_prepare(database=args.database, redis_url=args.redis_url)
    try:
        seeded = seed(base, researchers=args.researchers, workshops=args.workshops)
        results = [shape_run(args, base, seeded, shape) for shape in SHAPES if args.only in (None, shape)]
    finally:
        base.stop()
        database_drop(args.database)
    table_print(results, _layout(args).describe())


if __name__ == "__main__":
    main()
