"""The test suite's own isolation: what one pytest-xdist worker writes, another never touches."""

import importlib
import os
from unittest import mock


def _media_root_for(worker: str | None):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    if worker is not None:
        env["PYTEST_XDIST_WORKER"] = worker
    with mock.patch.dict(os.environ, env, clear=True):
        import config.settings.test as test_settings

        return importlib.reload(test_settings).MEDIA_ROOT


def test_each_xdist_worker_writes_media_files_in_a_folder_of_its_own():
    try:
        roots = {_media_root_for(w) for w in ("gw0", "gw1", None)}
    finally:
        _media_root_for(os.environ.get("PYTEST_XDIST_WORKER"))  # leave the module as this process has it

    assert len(roots) == 3
