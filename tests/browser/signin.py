"""Signing in through the real sign-in form, as a person would."""

from typing import Any

from django.urls import reverse
from playwright.sync_api import Page

from coproduce.accounts.models import User

PASSWORD = "correct-horse-battery"  # what UserFactory sets


def login(page: Page, live_server: Any, user: User, password: str = PASSWORD) -> None:
    """Fill in and submit the sign-in form, then wait until the browser has left the sign-in page."""
    login_url = live_server.url + reverse("accounts:login")
    page.goto(login_url)
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='username']").fill(user.email)
    form.locator("input[name='password']").fill(password)
    form.locator("button[type='submit'], input[type='submit']").first.click()
    page.wait_for_url(lambda url: not url.startswith(login_url), timeout=10_000)
