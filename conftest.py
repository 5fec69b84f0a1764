"""Fixtures shared by every app's tests."""

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from coproduce.accounts.models import User
from coproduce.accounts.tests.factories import UserFactory
from coproduce.projects.models import Project
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

# Property tests never fail for being slow on a busy machine, and in CI they try the same examples on every
# run, so a red build always means the code changed; locally they keep exploring new examples.
hypothesis_settings.register_profile(
    "coproduce",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.getenv("CI")),
)
hypothesis_settings.load_profile("coproduce")

# axe_check and built_stylesheet, for browser tests in any folder; local web servers for fetch tests; a
# store of what another process would load, for tests across processes.
pytest_plugins = ["tests.browser.fixtures", "coproduce.core.tests.web", "coproduce.core.tests.other_process"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--font-render-hinting=none",  # glyphs at their fonts' own widths, as a reader's browser draws them
]


@pytest.fixture(scope="session", autouse=True)
def mail_through_the_queue(django_test_environment) -> None:
    """Django's test set-up points every mailer at the outbox; put the queue back in front of it, as in
    production, so that each message is a job (delivered at once to `mail.outbox` by the immediate task
    backend)."""
    from django.conf import settings

    settings.MAILERS = {**settings.MAILERS, "default": {"BACKEND": "coproduce.jobs.email.QueueBackend"}}


# Tables a transactional test's clean-up leaves as they are: what Django's `post_migrate` handlers would only
# put back, row for row, after emptying them (about 0.2 s a test, mostly checking each model's permissions).
CLEAN_UP = "_fixture_teardown"  # TransactionTestCase's method that empties the database after a test
KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission", "django_migrations"})


def _flush_keeping_content_types(self) -> None:
    """Empty every table but KEPT_BY_FLUSH after a transactional test (Django's own clean-up empties them all,
    then runs the `post_migrate` handlers to fill the content types and permissions in again)."""
    from django.core.management.color import no_style
    from django.db import connections, transaction

    for db_name in self._databases_names(include_mirrors=False):
        connection = connections[db_name]
        tables = [
            table
            for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
            if table not in KEPT_BY_FLUSH
        ]
        if connection.vendor == "postgresql":
            # One TRUNCATE of every table takes seconds on PostgreSQL (each table gets new files); deleting
            # the rows takes milliseconds, and the foreign keys, checked at the commit, find nothing left.
            with transaction.atomic(using=db_name), connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (Django's table names)
        else:
            connection.ops.execute_sql_flush(
                connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
            )


@pytest.fixture(scope="session", autouse=True)
def transactional_clean_up_keeps_content_types() -> Iterator[None]:
    from django.test import TransactionTestCase

    django_teardown = getattr(TransactionTestCase, CLEAN_UP)  # not in django-stubs

    def teardown(self: TransactionTestCase) -> None:
        if self.available_apps is None and not self.serialized_rollback:
            _flush_keeping_content_types(self)
        else:
            django_teardown(self)

    setattr(TransactionTestCase, CLEAN_UP, teardown)
    yield
    setattr(TransactionTestCase, CLEAN_UP, django_teardown)


@pytest.fixture(autouse=True)
def decision_log_readings_forgotten() -> None:
    """The decision log's readings kept in a process (evidence/selectors/decisions.py) start empty in each
    test, so that what a test counts (queries, work) does not depend on the tests run before it."""
    from coproduce.evidence.selectors.screening import decision_readings_forget

    decision_readings_forget()


@pytest.fixture(autouse=True)
def site_language_after_each_test() -> Iterator[None]:
    """A request in another language leaves that language active in the thread (LocaleMiddleware activates
    it for the request): each test starts in the site's language, whatever the test before it asked for."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def project(db) -> Project:
    return ProjectFactory()


@pytest.fixture
def member(project: Project) -> Callable[..., User]:
    """member(ProjectRole.RESEARCHER) -> a user with that role in `project`."""

    def make(role: ProjectRole = ProjectRole.LEAD, in_project: Project | None = None) -> User:
        return MembershipFactory(project=in_project or project, role=role).user

    return make


@pytest.fixture
def lead(member) -> User:
    return member(ProjectRole.LEAD)


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def outsider(db) -> User:
    """A signed-in user who belongs to another project only."""
    return MembershipFactory(role=ProjectRole.LEAD).user


@pytest.fixture
def site_admin(db) -> User:
    return UserFactory(is_staff=True)


def chromium_executable() -> str:
    """Debian's chromium for the browser tests: its headless shell (package chromium-headless-shell, the same
    build without the windowed browser, which opens a page in a third of the time) where it is installed,
    else chromium itself; BROWSER_EXECUTABLE names another."""
    return (
        os.environ.get("BROWSER_EXECUTABLE")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
        or "/usr/bin/chromium"
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's chromium; it never downloads a browser of its own."""
    return {**browser_type_launch_args, "executable_path": chromium_executable(), "args": CHROMIUM_ARGS}


# --- `--database-tests-only`: the suite's second run, on another database ------------------------------

# The fixtures through which a test reaches the database (directly, or through a fixture that asks for one);
# `@pytest.mark.django_db` asks for them when the test starts, so the mark counts too.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)


def needs_database(item: pytest.Item) -> bool:
    """Whether a test can reach the database. pytest-django refuses any other test a connection, so such a
    test does the same on SQLite and PostgreSQL."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(DATABASE_FIXTURES & fixtures) or item.get_closest_marker("django_db") is not None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that can reach the database (for a second run of the suite on another one)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if needs_database(item)]
    left = [item for item in items if not needs_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
