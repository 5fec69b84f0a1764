"""The two shapes of the production stack for the mixed load benchmark, on loopback.

Both use bench/workshop_load/load_stack.py (production settings, PostgreSQL, Redis, collected static files).
The data is seeded once into a template database; each shape runs on a fresh copy of it (CREATE DATABASE
... TEMPLATE), with Redis flushed, so both start from the same rows.

- "worker": web processes (`uvicorn --workers N`, 2 by default) for the researchers' pages, socket processes
  (uvicorn on another port, 1 by default) for /ws/ and the participants' pages under /w/, as nginx routes
  them (docs/deploy.md), and task workers (`manage.py jobs_worker`, 1 by default), with
  `TASKS_BACKEND=database`. `Layout` sets the three numbers.
- "today": one uvicorn of three processes serving everything, `TASKS_BACKEND=immediate` (a task runs inside
  the web request that queues it), no worker.
"""

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench.workshop_load.load_stack import (
    OUT,
    PYTHON,
    ROOT,
    Stack,
    _uvicorn,
    _wait_ready,
    free_port,
    worker_pids,
)

SHAPES = ("worker", "today")


@dataclass(frozen=True)
class Layout:
    """How many processes of each kind the worker shape runs."""

    web: int = 2
    socket: int = 1
    task_workers: int = 1
    worker_nice: int = 0  # the task workers' niceness (deploy/systemd/coproduce-worker@.service sets Nice=)

    def describe(self) -> str:
        nice = f" at nice {self.worker_nice}" if self.worker_nice else ""
        return f"{self.web} web + {self.socket} socket + {self.task_workers} task worker(s){nice}"


ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class Running:
    """The processes of one shape and the ports the load reaches them on."""

    shape: str
    stack: Stack
    web_port: int
    socket_port: int
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    extra: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def processes(self) -> dict[str, int]:
        """Every server process to sample, by name: the uvicorn children and the task worker."""
        named: dict[str, int] = {}
        for n, pid in enumerate(sorted(worker_pids(self.stack.server)), start=1):
            named[f"web {n}"] = pid
        if self.stack.ws_server is not None:
            sockets = worker_pids(self.stack.ws_server) or [self.stack.ws_server.pid]
            for n, pid in enumerate(sorted(sockets), start=1):
                named[f"socket {n}"] = pid
        for n, worker in enumerate(self.workers, start=1):
            named[f"task worker {n}"] = worker.pid
        return named

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in self.workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        for process in (self.stack.server, self.stack.ws_server):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.stack.server = self.stack.ws_server = None


def database_copy(*, template: str, name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def database_analyze(database_url: str) -> None:
    """Gather the planner's statistics, as autovacuum has long done on a database in service: without them
    PostgreSQL guesses a handful of rows per table and picks plans no running site would use."""
    url = database_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def database_drop(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def shape_start(
    base: Stack, *, shape: str, template: str, database: str, layout: Layout = Layout()
) -> Running:
    """A fresh copy of the seeded database and the processes of `shape`; stop() ends them."""
    database_copy(template=template, name=database)
    database_url = f"postgres://postgres@127.0.0.1:5432/{database}"
    env = dict(base.env, DATABASE_URL=database_url)
    env["TASKS_BACKEND"] = "database" if shape == "worker" else "immediate"
    stack = Stack(env=env, database_url=database_url, port=free_port(), scratch=base.scratch)
    running = Running(shape, stack, web_port=stack.port, socket_port=stack.port)
    try:
        web_workers = layout.web if shape == "worker" else 3
        stack.server = _uvicorn(stack, port=stack.port, workers=web_workers)
        _wait_ready(stack.server, port=stack.port, workers=web_workers)
        if shape == "worker":
            running.socket_port = stack.ws_port = free_port()
            stack.ws_server = _uvicorn(stack, port=stack.ws_port, workers=layout.socket)
            _wait_ready(stack.ws_server, port=stack.ws_port, workers=layout.socket)
            running.workers = [
                _task_worker(env, n, nice=layout.worker_nice) for n in range(1, layout.task_workers + 1)
            ]
    except BaseException:
        running.stop()
        raise
    return running


def _task_worker(env: dict[str, str], n: int, *, nice: int = 0) -> subprocess.Popen[bytes]:
    command = [PYTHON, "manage.py", "jobs_worker", "--worker-id", f"bench-{n}"]
    with (OUT / "jobs_worker.log").open("ab") as log:
        lower = (lambda: os.nice(nice)) if nice else None  # background work yields the cores to pages
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, preexec_fn=lower)
    time.sleep(1.0)
    if worker.poll() is not None:
        raise RuntimeError(f"The task worker stopped at once; see {OUT / 'jobs_worker.log'}")
    return worker


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM (the process's peak resident set) in MB, or None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def job_rows(database_url: str) -> list[tuple[str, str, float | None, float | None]]:
    """Every job: kind, status, seconds from created to started, seconds from started to finished."""
    query = """
        select kind, status,
               extract(epoch from started_at - created_at),
               extract(epoch from finished_at - started_at)
        from jobs_job order by created_at
    """
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as connection:
        rows = connection.execute(query).fetchall()
    return [
        (str(k), str(s), float(w) if w is not None else None, float(b) if b is not None else None)
        for k, s, w, b in rows
    ]


def stored_votes(database_url: str) -> dict[tuple[str, str, str], int]:
    """Every stored statement vote: (workshop join code, participant's name, statement id) -> value."""
    query = """
        select w.join_code, p.display_name, s.public_id::text, v.value
        from workshops_statementvote v
        join workshops_statement s on s.id = v.statement_id
        join workshops_participant p on p.id = v.participant_id
        join workshops_workshop w on w.id = p.workshop_id
    """
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as connection:
        rows = connection.execute(query).fetchall()
    return {(str(code), str(name), str(statement)): int(value) for code, name, statement, value in rows}


TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[str, int, float, float] | None:
    """(command name, parent pid, own CPU seconds, CPU seconds of its exited children), or None once gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    own = (int(fields[11]) + int(fields[12])) / TICK
    children = (int(fields[13]) + int(fields[14])) / TICK
    return name, int(fields[1]), own, children


def cpu_sample(processes: dict[str, int]) -> dict[str, float]:
    """CPU seconds used so far: by each named server process, by PostgreSQL (every backend, living or
    ended, through the postmaster's count of its ended children), by Redis, and by the whole machine."""
    sample: dict[str, float] = {}
    for name, pid in processes.items():
        stat = _stat(pid)
        if stat is not None:
            sample[name] = stat[2]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(int(entry.name))
        if stat is None or stat[0] not in ("postgres", "redis-server"):
            continue
        group = "PostgreSQL" if stat[0] == "postgres" else "Redis"
        parent = _stat(stat[1])
        ended = stat[3] if parent is not None and parent[0] != "postgres" else 0.0  # the postmaster's
        sample[group] = sample.get(group, 0.0) + stat[2] + ended
    busy = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    sample["machine (both cores)"] = sum(int(busy[i]) for i in (0, 1, 2, 5, 6, 7)) / TICK
    return sample
