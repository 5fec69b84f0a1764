"""A newcomer's pages in a real browser, at phone and desktop widths, pass axe-core: the sign-in page names
the product, the mail outbox shows an invitation with a link that can be followed, the budget import's mapping
step, and a dataset's map of wards."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.context.geo import shapes_read
from coproduce.context.services.boundaries import area_boundaries_replace
from coproduce.context.services.datasets import area_dataset_create
from coproduce.context.spreadsheets import AreaRow
from coproduce.context.tests.test_budget_file import COUNCIL
from coproduce.context.tests.test_maps import WARDS, geojson
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.services import invitation_create

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1200, "height": 900}}


def _check(page: Page, axe_check) -> None:
    for viewport in WIDTHS.values():
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        axe_check(page)


def test_sign_in_names_the_product(page: Page, live_server, axe_check, settings):
    page.goto(live_server.url + reverse("accounts:login"))
    expect(page).to_have_title(f"Sign in \N{EN DASH} {settings.SITE_NAME}")
    expect(page.locator(".app-header__title")).to_have_text(settings.SITE_NAME)
    _check(page, axe_check)


def test_the_lead_follows_an_invitation_from_the_mail_outbox(
    page: Page, live_server, project, lead, axe_check, settings
):
    settings.MAIL_OUTBOX = True
    invitation_create(
        project=project, email="newcomer@example.org", role=ProjectRole.RESEARCHER, by=lead,
        base_url=live_server.url + "/",
    )  # fmt: skip
    login(page, live_server, lead)
    page.goto(live_server.url + reverse("projects:team", args=[project.public_id]))
    page.get_by_role("link", name="Mail outbox").click()
    _check(page, axe_check)
    link = page.locator("a[href*='/projects/invitations/']")
    page.goto(link.get_attribute("href") or "")
    expect(page.locator("h1")).to_contain_text("This invitation is for another email address")


def test_the_budget_mapping_step_and_a_ward_map(page: Page, live_server, project, lead, axe_check, tmp_path):
    rows = [AreaRow(name, f"E0599999{n}", Decimal(n * 10)) for n, name in enumerate(WARDS)]
    dataset = area_dataset_create(
        project=project, by=lead, title="Deprivation", area_type="ward", measure="Score", source_title="IMD",
        rows=rows,
    )  # fmt: skip
    area_boundaries_replace(project=project, by=lead, shapes=shapes_read(geojson()), source_title="ONS")
    login(page, live_server, lead)
    page.goto(live_server.url + reverse("context:budget_import", args=[project.public_id]))
    sheet = tmp_path / "council.csv"
    sheet.write_text(COUNCIL, encoding="utf-8")
    page.set_input_files("input[type=file]", sheet)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Choose which column holds what")
    _check(page, axe_check)
    page.goto(
        live_server.url + reverse("context:dataset_detail", args=[project.public_id, dataset.public_id])
    )
    expect(page.get_by_role("img", name="Map of Deprivation")).to_be_visible()
    _check(page, axe_check)
