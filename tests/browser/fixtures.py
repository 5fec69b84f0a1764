"""Fixtures for browser tests anywhere in the project: `axe_check` and `built_stylesheet`.

tests/browser/conftest.py makes them available in this folder. To use them in an app's tests too, the root
conftest.py registers this module with `pytest_plugins = ["tests.browser.fixtures"]`.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "build" / "coproduce.css"
BLOCKING_IMPACTS = {"serious", "critical"}


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
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(
                f"Accessibility violations on {page.url}:\n{format_violations(blocking)}", pytrace=False
            )

    return check
