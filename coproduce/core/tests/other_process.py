"""Run a function in a second Python process against the test database: what another web process would see.

For tests marked ``django_db(transaction=True)``, whose rows are committed. On SQLite the test database lives
in memory, so it is first copied to a file with SQLite's backup; on PostgreSQL the other process connects to
the same test database. The other process shares MEDIA_ROOT (so the default file storage) with this one,
starts with nothing in memory, runs ``module:function(**kwargs)`` and hands back its JSON result.

For what a process keeps in memory (a `MemoryLRU`) and stores for the others (a folder of MEDIA_ROOT): the
`process_store` fixture starts each test with neither, `stored_files` lists what is stored, and
`calls_counted`, called in the other process, tells whether it had to build what it could have loaded.
Registered for every app's tests in conftest.py.
"""

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from coproduce.core.caches import MemoryLRU

ROOT = Path(__file__).resolve().parents[3]
_BOOT = """
import json, os, sys
import django
django.setup()
from django.conf import settings
settings.MEDIA_ROOT = os.environ["OTHER_PROCESS_MEDIA_ROOT"]
import importlib
module, function = sys.argv[1].split(":")
result = getattr(importlib.import_module(module), function)(**json.loads(sys.argv[2]))
print("RESULT " + json.dumps(result))
"""


def _database_url(folder: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = folder / "other-process.sqlite3"
        path.unlink(missing_ok=True)
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    raise NotImplementedError(f"No second process for {connection.vendor}")


def other_process(function: str, folder: Path, **kwargs: Any) -> Any:
    """The result of ``module:function(**kwargs)`` run in a new Python process (`folder` holds its files)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(folder),
        "OTHER_PROCESS_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", _BOOT, function, json.dumps(kwargs)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, f"the other process failed:\n{done.stdout}\n{done.stderr}"
    return json.loads(lines[-1].removeprefix("RESULT "))


@pytest.fixture
def process_store(settings: Any, tmp_path: Path) -> Iterator[Callable[[MemoryLRU[Any], str], Path]]:
    """process_store(kept, folder) -> the folder of MEDIA_ROOT (in `tmp_path`) where files are stored for
    every process, with `kept`, what this process keeps in memory, emptied now and after the test."""
    emptied: list[MemoryLRU[Any]] = []

    def fresh(kept: MemoryLRU[Any], folder: str) -> Path:
        settings.MEDIA_ROOT = tmp_path / "media"
        kept.clear()
        emptied.append(kept)
        return Path(settings.MEDIA_ROOT) / folder

    yield fresh
    for kept in emptied:
        kept.clear()


def stored_files(folder: Path) -> list[str]:
    """The names of the arrays stored in `folder`."""
    return sorted(path.name for path in folder.glob("*.npz")) if folder.exists() else []


def calls_counted(module: ModuleType, name: str) -> list[int]:
    """From now on, each call of `module.name` adds one item to the list returned. For a function run by
    `other_process`, where no monkeypatch undoes it: the process ends."""
    original = getattr(module, name)
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    setattr(module, name, counted)
    return calls
