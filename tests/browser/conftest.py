"""Browser tests: Debian's chromium through Playwright, against pytest-django's live server.

The root conftest.py points Playwright at the chromium on PATH. Every page a browser test opens should
also pass `axe_check(page)`; sign in with `tests.browser.signin.login(page, live_server, user)`.
"""

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _stylesheet_is_built(built_stylesheet: Path) -> None:
    """Every test in this folder loads pages styled by the compiled stylesheet."""
