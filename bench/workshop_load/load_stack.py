"""The production set-up on loopback for the workshop load benchmark: PostgreSQL, Redis, uvicorn.

A fresh database (dropped and created), a flushed Redis database, the production settings with the
environment docs/deploy.md lists, `migrate`, `collectstatic`, and one uvicorn with two worker
processes. Production keeps static files in `STATIC_ROOT` (CompressedManifestStaticFilesStorage): the join
page renders `{% static %}` tags, so the run collects them into a temporary folder (outside the checkout,
removed afterwards) through a settings module there that imports config.settings.production and changes
only STATIC_ROOT.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "bench" / "out" / "workshop_load"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SETTINGS_MODULE = "workshop_load_settings"


@dataclass
class Stack:
    """Where the app runs and how to reach its data."""

    env: dict[str, str]
    database_url: str
    port: int
    scratch: Path
    ws_port: int = 0
    server: subprocess.Popen[bytes] | None = None
    ws_server: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        for process in (self.server, self.ws_server):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def database_recreate(*, admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def environment(*, database_url: str, redis_url: str, scratch: Path) -> dict[str, str]:
    """What a production server sets (docs/deploy.md), for loopback: no TLS in front, so the client sends
    X-Forwarded-Proto as nginx does. `scratch` (outside the checkout) holds the settings module and the
    collected static files."""
    OUT.mkdir(parents=True, exist_ok=True)
    (scratch / f"{SETTINGS_MODULE}.py").write_text(
        "from pathlib import Path\n\n"
        "from config.settings.production import *  # noqa: F403\n\n"
        f"STATIC_ROOT = Path({str(scratch / 'static')!r})\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        PYTHONPATH=os.pathsep.join([str(scratch), str(ROOT)]),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(scratch / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def stack_prepare(*, database: str, redis_url: str) -> Stack:
    """Database, Redis, migrations and static files; prints how long each took."""
    admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
    database_url = f"postgres://postgres@127.0.0.1:5432/{database}"
    started = time.perf_counter()
    database_recreate(admin_url=admin_url, name=database)
    redis.Redis.from_url(redis_url).flushdb()
    scratch = Path(tempfile.mkdtemp(prefix="coproduce-workshop-load-"))
    env = environment(database_url=database_url, redis_url=redis_url, scratch=scratch)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    print(f"Set up PostgreSQL '{database}', Redis {redis_url}, migrations and static files in "
          f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    return Stack(env=env, database_url=database_url, port=free_port(), scratch=scratch)


def server_start(stack: Stack, *, workers: int, separate_websockets: bool = False) -> None:
    """uvicorn as docs/deploy.md runs it (uvloop and httptools are installed), with `workers` processes;
    with `separate_websockets`, a second uvicorn (one process) on its own port for the WebSockets, as nginx
    could send /ws/ to another upstream. Stack.stop() stops whatever started, even when this fails."""
    stack.server = _uvicorn(stack, port=stack.port, workers=workers)
    _wait_ready(stack.server, port=stack.port, workers=workers)
    stack.ws_port = stack.port
    if separate_websockets:
        stack.ws_port = free_port()
        stack.ws_server = _uvicorn(stack, port=stack.ws_port, workers=1)
        _wait_ready(stack.ws_server, port=stack.ws_port, workers=1)


def _uvicorn(stack: Stack, *, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "uvicorn"), "config.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--lifespan", "off", "--loop", "uvloop", "--http", "httptools", "--no-access-log",
        "--no-server-header",
    ]  # fmt: skip
    with (OUT / "uvicorn.log").open("ab") as log:
        return subprocess.Popen(command, cwd=ROOT, env=stack.env, stdout=log, stderr=log)


def _wait_ready(process: subprocess.Popen[bytes], *, port: int, workers: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn stopped; see {OUT / 'uvicorn.log'}")
        started = workers == 1 or len(worker_pids(process)) == workers  # one worker: no supervisor
        if started and _answers(port):
            return
        time.sleep(0.3)
    raise RuntimeError(f"uvicorn did not answer within 60 s; see {OUT / 'uvicorn.log'}")


def _answers(port: int) -> bool:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/w/", headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def worker_pids(server: subprocess.Popen[bytes] | None) -> list[int]:
    """The uvicorn worker processes: children of the supervisor that --workers starts."""
    if server is None:
        return []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    try:
        text = children.read_text()
    except OSError:
        return []
    pids = [int(p) for p in text.split()]
    return [p for p in pids if "spawn_main" in _cmdline(p)]


def cpu_snapshot(stack: Stack) -> dict[str, float]:
    """CPU seconds used so far by uvicorn (the supervisor and its workers, live or exited), PostgreSQL (the
    postmaster, its live processes and the backends that have exited: one per request) and Redis. Other
    users of the same PostgreSQL or Redis count too."""
    supervisors = [p.pid for p in (stack.server, stack.ws_server) if p is not None]
    uvicorn = sum(_cpu(p, children=True) for p in supervisors)  # with the workers that have exited
    uvicorn += sum(_cpu(p) for p in worker_pids(stack.server))
    postmaster = _pid_of("postgres", parent=1)
    redis_server = _pid_of("redis-server", parent=1)
    postgres = _cpu(postmaster, children=True) if postmaster else 0.0
    postgres += sum(_cpu(p) for p in _children(postmaster)) if postmaster else 0.0
    return {
        "uvicorn": uvicorn,
        "PostgreSQL": postgres,
        "Redis": _cpu(redis_server) if redis_server else 0.0,
    }


def _cpu(pid: int, *, children: bool = False) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _pid_of(command: str, *, parent: int) -> int | None:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if comm == command and ppid == parent:
            return int(entry.name)
    return None


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def worker_holding(stack: Stack, *, client_port: int) -> int | None:
    """The worker process that holds the server end of the connection from local port `client_port`."""
    inode = _socket_inode(server_port=stack.port, client_port=client_port)
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in worker_pids(stack.server):
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        if target in links:
            return pid
    return None


def _socket_inode(*, server_port: int, client_port: int) -> str | None:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if local_port == server_port and remote_port == client_port:
                return fields[9]
    return None


def seed(
    stack: Stack, *, participants_hint: int, statements: int, email: str = "projector@example.org"
) -> dict[str, Any]:
    """Project, team member with a session, live workshop, open statements activity (load_seed.py)."""
    command = [PYTHON, str(HERE / "load_seed.py"), "--statements", str(statements), "--email", email]
    result = subprocess.run(
        [*command, "--hint", str(participants_hint)],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
        text=True,
    )
    seeded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return seeded


def stored_votes(stack: Stack, *, activity_id: str) -> dict[tuple[str, int], int]:
    """Every stored vote of the activity: (participant's display name, statement number) -> value."""
    query = """
        select p.display_name, s.number, v.value
        from workshops_statementvote v
        join workshops_statement s on s.id = v.statement_id
        join workshops_activity a on a.id = s.activity_id
        join workshops_participant p on p.id = v.participant_id
        where a.public_id = %s
    """
    with psycopg.connect(stack.database_url.replace("postgres://", "postgresql://", 1)) as connection:
        rows = connection.execute(query, (activity_id,)).fetchall()
    return {(str(name), int(number)): int(value) for name, number, value in rows}


if __name__ == "__main__":
    sys.exit("Run bench/workshop_load/load_votes.py")
