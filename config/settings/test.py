"""Settings for the test suite: SQLite in a file in memory unless DATABASE_URL names another database."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False

# SQLite's own in-memory database gives each table one lock shared by every connection, and a connection
# that meets it fails at once ("database table is locked") rather than waiting: a live server's threads then
# failed now and then. The test database is a file in memory (/dev/shm, where there is one), opened with the
# WAL journal and busy timeout of base.py, as in production: readers never wait, and a writer waits its turn.
# Each process makes a folder of its own (pytest-django adds each xdist worker's name to the file) and removes
# it when it ends.
# Reading this module again (tests of these settings do) keeps the database already named.
_TEST_DATABASE = DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not _TEST_DATABASE.get("NAME"):  # noqa: F405
    _SHARED_MEMORY = "/dev/shm"  # noqa: S108 - a private folder is made in it
    _TEST_DB_FOLDER = tempfile.mkdtemp(
        prefix="coproduce-test-", dir=_SHARED_MEMORY if os.access(_SHARED_MEMORY, os.W_OK) else None
    )
    atexit.register(shutil.rmtree, _TEST_DB_FOLDER, ignore_errors=True)
    _TEST_DATABASE["NAME"] = str(Path(_TEST_DB_FOLDER) / "test.sqlite3")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once, in the test, when they are queued.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "email"]}
}
# Messages are queued (and so, with the immediate backend, delivered at once) to the test outbox. Django's
# test set-up points every mailer at the outbox: conftest.py puts the queue back in front of it.
MAILERS = {
    "default": {"BACKEND": "coproduce.jobs.email.QueueBackend"},
    "outgoing": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Each pytest-xdist worker has a database of its own, so it gets a media folder of its own too: files named
# after a row's id (the screening features) would otherwise be replaced or deleted by another worker's.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
# Playwright's sync API runs an event loop in the test thread; pytest-django's live server needs this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Live updates stay inside the test process, whatever REDIS_URL says.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
WORKSHOP_TALLY_WINDOW = 0  # tallies leave at once, just after the commit (see workshops/broadcast.py)
WORKSHOP_VOTE_BATCH_WINDOW = 0  # socket votes are saved as soon as the event loop is free (vote_batcher.py)
# Web addresses read for users (coproduce/core/outbound.py) give up quickly in tests of slow servers.
OUTBOUND_FETCH_TIMEOUT = 0.5
OUTBOUND_FETCH_DEADLINE = 1.5
