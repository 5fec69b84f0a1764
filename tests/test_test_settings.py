"""The test suite's own isolation: what one pytest-xdist worker writes, another never touches, and what a
transactional test leaves behind."""

import importlib
import os
from unittest import mock

import pytest

from coproduce.projects.models import Project
from coproduce.projects.tests.factories import ProjectFactory


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


@pytest.mark.django_db
def test_reading_the_settings_again_keeps_the_test_database_as_set_up():
    from django.conf import settings

    before = dict(settings.DATABASES["default"]["TEST"])
    _media_root_for(os.environ.get("PYTEST_XDIST_WORKER"))

    assert settings.DATABASES["default"]["TEST"] == before


@pytest.mark.django_db(transaction=True)
def test_the_clean_up_after_a_transactional_test_empties_the_tables_but_keeps_content_types():
    # given a row a test left behind, the content types and permissions as migrated, and a handler that
    # notes whether the clean-up asks for them to be made again
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import post_migrate
    from django.test import TransactionTestCase

    ProjectFactory()
    kept = (sorted(ContentType.objects.values_list("pk", "app_label", "model")), Permission.objects.count())
    remade = []

    def note(**kwargs: object) -> None:
        remade.append(kwargs)

    post_migrate.connect(note, dispatch_uid="clean-up-probe")

    class Case(TransactionTestCase):
        def runTest(self) -> None:
            pass

    # when the clean-up after a transactional test runs
    try:
        Case()._fixture_teardown()  # type: ignore[attr-defined]
    finally:
        post_migrate.disconnect(dispatch_uid="clean-up-probe")

    # then the test's rows are gone, and the content types and permissions are the same rows, not made again
    assert not Project.objects.exists()
    assert (
        sorted(ContentType.objects.values_list("pk", "app_label", "model")),
        Permission.objects.count(),
    ) == kept
    assert remade == []


@pytest.mark.django_db
def test_a_test_marked_for_the_database_needs_it(request):
    from conftest import needs_database

    assert needs_database(request.node)


def test_a_test_that_asks_for_the_database_through_a_fixture_needs_it(project, request):
    from conftest import needs_database

    assert needs_database(request.node)


def test_a_test_without_the_database_does_not_need_it(request):
    from conftest import needs_database

    assert not needs_database(request.node)


def _chromium_with(found: dict[str, str], env: dict[str, str] | None = None) -> str:
    import conftest

    with mock.patch.dict(os.environ, env or {}), mock.patch("shutil.which", found.get):
        if not env:
            os.environ.pop("BROWSER_EXECUTABLE", None)
        return conftest.chromium_executable()


def test_browser_tests_run_in_the_headless_shell_where_it_is_installed():
    both = {"chromium": "/usr/bin/chromium", "chromium-headless-shell": "/usr/bin/chromium-headless-shell"}

    assert _chromium_with(both) == "/usr/bin/chromium-headless-shell"
    assert _chromium_with({"chromium": "/usr/bin/chromium"}) == "/usr/bin/chromium"
    assert _chromium_with(both, {"BROWSER_EXECUTABLE": "/opt/chromium"}) == "/opt/chromium"


@pytest.mark.django_db(transaction=True)
def test_a_read_from_another_thread_waits_for_no_one_while_a_write_is_open():
    # A live server answers in threads of its own, each with its own connection, while the test or another
    # request writes. SQLite's shared in-memory database refused such a read outright ("database table is
    # locked"); the test database reads as production does.
    import threading

    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking only")
    ProjectFactory(title="Before")
    written, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with transaction.atomic():
                ProjectFactory(title="Not yet committed")
                written.set()
                done.wait(10)
        except BaseException as error:
            errors.append(error)
        finally:
            written.set()
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert written.wait(10)
        titles = list(Project.objects.values_list("title", flat=True))
    finally:
        done.set()
        writer.join(10)

    assert titles == ["Before"]
    assert errors == []
