"""A reference file in a legacy encoding: the import page lists the formats, the file imports as the text it
holds, and the records page says which encoding was assumed; one whose encoding cannot be told is refused
on the form with the encodings it could be."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from coproduce.evidence.models import Reference
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 360, "height": 800}
CHINESE_RIS = (
    "TY  - JOUR\nTI  - 社区参与式研究在公共卫生中的应用\nAU  - 王, 伟\nPY  - 2019\nER  - \n\n"
    "TY  - JOUR\nTI  - 城市社区健康促进项目评估\nAU  - 李, 娜\nPY  - 2020\nER  - \n"
)


def _open_import_page(page: Page, live_server) -> None:
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    page.set_viewport_size(PHONE)
    login(page, live_server, membership.user)
    url = reverse("evidence:import_upload", kwargs={"project_id": membership.project.public_id})
    page.goto(live_server.url + url)
    page.get_by_label("Which search did the file come from?").select_option("none")


def _send(page: Page, path: Path) -> None:
    page.get_by_label("File of records").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()


def test_a_gbk_file_imports_and_the_records_page_says_it_was_read_as_gbk(
    page: Page, live_server, axe_check, tmp_path: Path
):
    _open_import_page(page, live_server)
    expect(page.get_by_label("Web of Science plain text (.txt)")).to_be_visible()
    axe_check(page)
    path = tmp_path / "cnki.ris"
    path.write_bytes(CHINESE_RIS.encode("gbk"))

    _send(page, path)
    expect(page.get_by_text("it was read as GBK (Chinese, simplified) text")).to_be_visible()
    page.get_by_role("button", name="Import the 2 usable records").click()

    expect(page.get_by_text("it was read as GBK (Chinese, simplified) text")).to_be_visible()
    expect(page.get_by_text("社区参与式研究在公共卫生中的应用")).to_be_visible()
    assert Reference.objects.count() == 2
    axe_check(page)


def test_a_file_whose_encoding_cannot_be_told_is_refused_on_the_form(
    page: Page, live_server, axe_check, tmp_path: Path
):
    _open_import_page(page, live_server)
    path = tmp_path / "short.bib"
    path.write_bytes("@article{a, author = {凯撒}, title = {测试期刊}}".encode("gbk"))

    _send(page, path)

    expect(page.get_by_text("it cannot be told which encoding it uses").first).to_be_visible()
    assert not Reference.objects.exists()
    axe_check(page)


def test_two_works_that_share_a_doi_are_both_imported_and_put_to_a_person(
    page: Page, live_server, axe_check, tmp_path: Path
):
    _open_import_page(page, live_server)
    path = tmp_path / "proceedings.ris"
    path.write_text(
        "TY  - CONF\nTI  - Citizen juries on climate\nPY  - 2020\nDO  - 10.1145/3000000\nER  - \n\n"
        "TY  - CONF\nTI  - Participatory budgeting in small towns\nPY  - 2020\n"
        "DO  - 10.1145/3000000\nER  - \n",
        encoding="utf-8",
    )

    _send(page, path)
    page.get_by_role("button", name="Import the 2 usable records").click()
    expect(page.get_by_text("Imported 2 new records from proceedings.ris")).to_be_visible()
    page.get_by_role("link", name="Possible duplicates").click()

    expect(page.get_by_text("The same DOI; titles")).to_be_visible()
    expect(page.get_by_role("cell", name="Participatory budgeting in small towns")).to_be_visible()
    axe_check(page)


def test_the_column_step_says_which_encoding_a_spreadsheet_was_read_with(
    page: Page, live_server, axe_check, tmp_path: Path
):
    _open_import_page(page, live_server)
    path = tmp_path / "cnki.csv"
    path.write_bytes(
        "标题,年份\n社区参与式研究在公共卫生中的应用,2019\n城市社区健康促进项目评估,2020\n".encode("gbk")
    )

    _send(page, path)

    expect(page.get_by_text("it was read as GBK (Chinese, simplified) text")).to_be_visible()
    axe_check(page)
