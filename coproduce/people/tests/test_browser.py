"""The register's main pages in a real browser: no serious accessibility problems, HTMX filtering, and the
page shown when someone else saved the same record first."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from coproduce.core.versions import CONFLICT
from coproduce.people import services
from coproduce.people.models import RecruitmentStatus
from coproduce.people.sectors import Sector
from coproduce.people.services.imports import register_import_start

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
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check(page, "organisation-form-errors")


def test_import_problems_are_accessible(signed_in, live_server, register, tmp_path, check):
    page = signed_in
    page.goto(live_server.url + reverse("people:import_upload", kwargs={"project_id": register.public_id}))
    csv_file = tmp_path / "organisations.csv"
    csv_file.write_bytes(b"name,sector\nBrookvale Youth Club,vcfse\nCity Council,charity\n")
    page.get_by_label("Organisations").check()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("cell", name="'charity' is not a sector", exact=False)).to_be_visible()
    assert page.get_by_role(
        "link", name="Line 3, column sector: 'charity' is not a sector", exact=False
    ).is_visible()
    check(page, "import-errors")


@pytest.mark.parametrize("width", [1200, 360])
def test_edit_conflict_page_is_accessible_and_keeps_yours_on_request(
    signed_in, live_server, lead, person, width, axe_check
):
    # given the person's edit form open in the browser
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    url = reverse("people:stakeholder_edit", kwargs={"project_id": person.project.public_id, "code": "P01"})
    page.goto(live_server.url + url)
    # when someone else saves a new role, and then this person saves a new telephone number
    services.stakeholder_update(
        stakeholder=person, by=lead, full_name=person.full_name, job_title="Food bank manager",
        organisation=person.organisation, email=person.email, phone=person.phone,
        interests=["Food poverty", "Youth work"], notes="",
    )  # fmt: skip
    page.get_by_label("Telephone").fill("0121 496 0999")
    page.get_by_role("button", name="Save changes").click()
    # then the page shows the conflict, the other person's values against theirs, and passes axe
    summary = page.locator(".govuk-error-summary")
    assert CONFLICT in summary.inner_text()
    table = page.locator("#edit-conflict").inner_text()
    assert "Food bank manager" in table
    assert "0121 496 0999" in table
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"edit-conflict-{width}.png"), full_page=True)
    axe_check(page)
    # when they choose to keep theirs by saving again
    page.get_by_role("button", name="Save changes").click()
    # then their version is saved
    detail = reverse(
        "people:stakeholder_detail", kwargs={"project_id": person.project.public_id, "code": "P01"}
    )
    page.wait_for_url(f"**{detail}")
    person.refresh_from_db()
    assert (person.job_title, person.phone) == ("Volunteer coordinator", "0121 496 0999")


@pytest.mark.parametrize("width", [1200, 360])
def test_import_job_pages_are_accessible(
    signed_in, live_server, register, lead, settings, tmp_path, width, check
):
    # given a large file, one of whose rows names someone already in the register
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS = 1
    csv_file = tmp_path / "people.csv"
    csv_file.write_bytes(
        b"full_name,email\nNia Blackwood,nia@example.org\nIdris Marchbank,\nOwain Oakhurst,x\n"
    )
    # when it is uploaded, the job's page lists its problems by line and column
    page.goto(live_server.url + reverse("people:import_upload", kwargs={"project_id": register.public_id}))
    page.get_by_label("People").check()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("The file has 2 problems", exact=False)).to_be_visible()
    assert page.get_by_role("cell", name="This person is already in the register as P02.").is_visible()
    check(page, f"import-job-problems-{width}")
    # and while another import waits for the worker, the register says so and links to it
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    register_import_start(
        project=register, kind="people", filename="people.csv", raw=b"full_name\nA\nB\n", by=lead
    )
    page.goto(live_server.url + reverse("people:stakeholder_list", kwargs={"project_id": register.public_id}))
    assert page.get_by_text("An import is being prepared: Import of people from people.csv.").is_visible()
    check(page, f"people-import-being-prepared-{width}")
    page.get_by_role("link", name="See how far the import has got").click()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    check(page, f"import-job-waiting-{width}")
