"""Fixtures for the tests in this folder."""

from collections.abc import Iterator

import pytest
from django.db import transaction

from .permission_world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The permission world (permission_world.py), built once per test module inside a transaction that is
    rolled back after the module's last test.

    Each test marked `django_db` runs inside a savepoint of its own, rolled back when it ends, so every test
    starts from the world as built, whatever the tests before it changed. Tests that need a server in
    another thread (`live_server`, committed data) build their own world instead.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
