"""The register's main pages in a real browser: no serious accessibility problems, and HTMX filtering."""

import os

import pytest
from django.urls import reverse

from coproduce.people import services
from coproduce.people.models import RecruitmentStatus
from coproduce.people.sectors import Sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("PEOPLE_SCREENSHOTS", "")  # a folder, to look at the pages by eye


@pytest.fixture
def signed_in(page, live_server, client, lead):
    client.force_login(lead)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


@pytest.fixture
def register(project, lead, person):
    services.sampling_targets_update(project=project, by=lead, targets={Sector.VCFSE: 4, Sector.PRIVATE: 2})
    services.stakeholder_set_status(stakeholder=person, to_status=RecruitmentStatus.INVITED, by=lead)
    services.stakeholder_create(project=project, by=lead, full_name="Idris Marchbank")
    return project


@pytest.fixture
def check(axe_check):
    def run(page, name):
        if SCREENSHOTS:
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
        axe_check(page)

    return run


@pytest.mark.parametrize("width", [1200, 360])
def test_register_pages_are_accessible(signed_in, live_server, register, organisation, width, check):
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    p = register.public_id
    pages = {
        "people": reverse("people:stakeholder_list", kwargs={"project_id": p}),
        "person": reverse("people:stakeholder_detail", kwargs={"project_id": p, "code": "P01"}),
        "person-form": reverse("people:stakeholder_create", kwargs={"project_id": p}),
        "organisations": reverse("people:organisation_list", kwargs={"project_id": p}),
        "organisation": reverse(
            "people:organisation_detail", kwargs={"project_id": p, "organisation_id": organisation.public_id}
        ),
        "organisation-form": reverse("people:organisation_create", kwargs={"project_id": p}),
        "sampling": reverse("people:sampling", kwargs={"project_id": p}),
        "import": reverse("people:import_upload", kwargs={"project_id": p}),
        "export": reverse("people:export", kwargs={"project_id": p}),
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        check(page, f"{name}-{width}")


def test_form_errors_are_accessible(signed_in, live_server, register, check):
    page = signed_in
    page.goto(
        live_server.url + reverse("people:organisation_create", kwargs={"project_id": register.public_id})
    )
    page.get_by_label("Private sector").check()
    page.get_by_label("Type").select_option("nhs")
    page.get_by_role("button", name="Add organisation").click()
    assert page.get_by_text("There is a problem").is_visible()
    check(page, "organisation-form-errors")


def test_import_problems_are_accessible(signed_in, live_server, register, tmp_path, check):
    page = signed_in
    page.goto(live_server.url + reverse("people:import_upload", kwargs={"project_id": register.public_id}))
    csv_file = tmp_path / "organisations.csv"
    csv_file.write_bytes(b"name,sector\nBrookvale Youth Club,vcfse\nCity Council,charity\n")
    page.get_by_label("Organisations").check()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check and import").click()
    assert page.get_by_role("cell", name="'charity' is not a sector", exact=False).is_visible()
    assert page.get_by_role(
        "link", name="Line 3, column sector: 'charity' is not a sector", exact=False
    ).is_visible()
    check(page, "import-errors")
