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
]


@pytest.fixture(scope="session", autouse=True)
def mail_through_the_queue(django_test_environment) -> None:
    """Django's test set-up points every mailer at the outbox; put the queue back in front of it, as in
    production, so that each message is a job (delivered at once to `mail.outbox` by the immediate task
    backend)."""
    from django.conf import settings

    settings.MAILERS = {**settings.MAILERS, "default": {"BACKEND": "coproduce.jobs.email.QueueBackend"}}


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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's chromium; it never downloads a browser of its own."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}
