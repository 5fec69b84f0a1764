"""Fixtures for browser tests anywhere in the project: `axe_check` and `built_stylesheet`; and `in_thread`,
which runs a service call on a thread of its own.

tests/browser/conftest.py makes them available in this folder. To use them in an app's tests too, the root
conftest.py registers this module with `pytest_plugins = ["tests.browser.fixtures"]`.
"""

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import BrowserContext, Page

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "build" / "coproduce.css"
BLOCKING_IMPACTS = {"serious", "critical"}
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_OPTIONS = {"resultTypes": ["violations"]}


def in_thread[T](call: Callable[[], T]) -> T:
    """Run `call` on a thread of its own, as a request or a worker would, and return what it returned: the
    services send live messages after commit, which cannot be done from the browser's thread (Playwright's
    sync API runs an event loop there)."""
    found: list[T] = []

    def run() -> None:
        try:
            found.append(call())
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return found[0]


def axe_preload(context: BrowserContext) -> None:
    """Load axe-core into every page the context opens, before the page's own scripts, so that `axe_check`
    runs it at once instead of sending the 570 KB script to the page first. For a context that checks page
    after page (tests/browser/test_every_page.py)."""
    context.add_init_script(path=AXE_SCRIPT)


@pytest.fixture(scope="session")
def built_stylesheet() -> Path:
    """The compiled stylesheet; browser tests fail clearly when it has not been built."""
    if not STYLESHEET.exists():
        pytest.fail(
            f"{STYLESHEET} is missing: build it with `make frontend` "
            "(or `cd frontend && npm ci && npm run build`).",
            pytrace=False,
        )
    return STYLESHEET


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    at {node['target']}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.fixture
def axe_check(built_stylesheet: Path) -> Callable[[Page], None]:
    """axe_check(page) fails the test if axe-core finds a serious or critical violation on the page."""
    axe = Axe()

    def check(page: Page) -> None:
        if page.evaluate("typeof window.axe === 'undefined'"):
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        else:  # loaded already, by `axe_preload` or by an earlier check of the same page
            violations = page.evaluate(
                f"axe.run({json.dumps(AXE_OPTIONS)}).then(results => results.violations)"
            )
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(
                f"Accessibility violations on {page.url}:\n{format_violations(blocking)}", pytrace=False
            )

    return check
