"""A failed email in a real browser: the lead follows the project page's banner to Background work, sees the
email with a masked address and the reason, never its text, and tries it again."""

import os

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.jobs.email import UNREACHABLE, email_queue
from coproduce.jobs.tests.mail_servers import flaky_server
from coproduce.projects.permissions import Need

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("EMAIL_SCREENSHOTS", "")  # a folder, to look at the pages by eye
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1200, "height": 900}}


def _check(page: Page, axe_check, name: str) -> None:
    for size, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        axe_check(page)
        if SCREENSHOTS:
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{size}.png"), full_page=True)


def test_the_lead_finds_a_failed_email_and_sends_it_again(page: Page, live_server, project, lead, axe_check):
    # given an email the mail server could not take, three times
    with flaky_server(down_for=3):
        email_queue(
            to="jo.bloggs@example.org", subject=f"{project.title}: your choices about taking part",
            body="Your link: https://x.test/c/secret-token/", project=project,
            need=Need.RECORD_CONSENT, by=lead,
        )  # fmt: skip
    login(page, live_server, lead)

    # when the lead follows the banner on the project page
    page.goto(live_server.url + reverse("dashboard:project_dashboard", args=[project.public_id]))
    page.get_by_role("link", name="See why, and try again").click()

    # then Background work lists it by its masked address and subject, with the reason, and not its text
    row = page.get_by_role("row").filter(has_text="Email to j•••@example.org")
    expect(row).to_contain_text(UNREACHABLE)
    expect(row).to_contain_text("Failed")
    expect(page.locator("body")).not_to_contain_text("secret-token")
    expect(page.locator("body")).not_to_contain_text("jo.bloggs")
    _check(page, axe_check, "email-failed-list")

    # and trying it again sends the same message
    row.get_by_role("link").click()
    _check(page, axe_check, "email-failed-detail")
    page.get_by_role("button", name="Try again").click()
    expect(page.locator("#job-status")).to_contain_text("Sent to j•••@example.org")
    _check(page, axe_check, "email-retried")
    assert [m.to for m in mail.outbox] == [["jo.bloggs@example.org"]]
    assert "secret-token" in mail.outbox[0].body
