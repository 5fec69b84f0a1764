"""The report and the publish step in a real browser: making the report as PDF and its job's page in each
state; the checklist, a refused publish, a confirmed one, the public page."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from coproduce.analysis.services.themes import theme_create
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.jobs.models import Job
from coproduce.recommendations.services.progress import progress_record
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.reports.exports.html_writer import report_html
from coproduce.reports.models import Publication
from coproduce.reports.selectors.document import report_document
from coproduce.reports.services import report_section_save
from coproduce.reports.tests.job_states import report_job_states
from tests.browser.signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("REPORTS_SCREENSHOTS", "")  # a folder, to look at the pages by eye
NOTED = """We met in two rounds.[^1] See [the plan](https://example.org/plan).

| Round | Recommendation |
|---|---|
| First | Keep them open |

[^1]: Both in Northfield.
"""
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def outputs(project, lead):
    """A framework with one supported and one unsupported element, R1 published with a phone number in its
    progress note, and R2 a draft."""
    framework = framework_create(project=project, by=lead, title="Early help together")
    supported = element_create(framework=framework, by=lead, title="Trust before contracts", level="cultural")
    theme = theme_create(project=project, by=lead, name="Relationships first")
    evidence_link_add(element=supported, by=lead, kind="theme", target=theme)
    element_create(framework=framework, by=lead, title="An untested idea", level="strategic")
    r1 = recommendation_create(project=project, by=lead, action="Pool small grants")
    recommendation_publish(recommendation=r1, by=lead)
    progress_record(recommendation=r1, by=lead, progress="in_progress", note="Ring Sam on 07700 900123")
    recommendation_create(project=project, by=lead, action="Share one referral form")
    return project


def _look(page: Page, axe_check, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
    axe_check(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_publish_with_the_checklist(page: Page, live_server, axe_check, outputs, lead, width):
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    login(page, live_server, lead)
    url = reverse("reports:publication_settings", kwargs={"project_id": outputs.public_id})
    page.goto(live_server.url + url)
    expect(page.get_by_text("11 things to check, with the report")).to_be_visible()  # 8 sections and 3 more
    _look(page, axe_check, f"checklist-{width}")

    # without the report, the checklist is shorter: the draft, the element, the phone number
    page.get_by_label("Include the report").uncheck()
    page.get_by_role("button", name="Check again").click()
    expect(page.get_by_text("3 things to check, without the report")).to_be_visible()

    # publishing with an item left unticked is refused, with the reason at the top
    page.get_by_role("button", name="Publish the page").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The page has not been published: 3 items")
    expect(page.get_by_text("3 things to check, without the report")).to_be_visible()
    _look(page, axe_check, f"checklist-refused-{width}")
    assert not Publication.objects.filter(is_published=True).exists()

    # ticking every item publishes the page
    for box in page.locator("input[name='confirmed']").all():
        box.check()
    page.get_by_role("button", name="Publish the page").click()
    expect(page.get_by_text("The public page has been published")).to_be_visible()

    # the public page: R1 without the draft or the unsupported element
    page.locator(".govuk-inset-text a").click()
    expect(page.get_by_role("heading", name="R1. Pool small grants")).to_be_visible()
    expect(page.get_by_text("Share one referral form")).to_have_count(0)
    expect(page.get_by_text("An untested idea")).to_have_count(0)
    _look(page, axe_check, f"public-{width}")


def test_correct_a_progress_note(page: Page, live_server, axe_check, outputs, lead):
    login(page, live_server, lead)
    update = outputs.recommendations.get(number=1).updates.get()
    url = reverse(
        "recommendations:progress_correct",
        kwargs={
            "project_id": outputs.public_id,
            "recommendation_id": update.recommendation.public_id,
            "update_id": update.pk,
        },
    )
    page.goto(live_server.url + url)
    _look(page, axe_check, "progress-correct")
    page.get_by_label("What has happened").fill("Apply through the council's website")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("The progress note has been corrected")).to_be_visible()
    update.refresh_from_db()
    assert update.note == "Apply through the council's website"


@pytest.mark.parametrize("width", WIDTHS)
def test_make_the_report_as_pdf(page: Page, live_server, axe_check, outputs, lead, width):
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    login(page, live_server, lead)
    page.goto(live_server.url + reverse("reports:report_page", kwargs={"project_id": outputs.public_id}))
    _look(page, axe_check, f"report-{width}")
    # asking for the PDF leads to its job's page, which offers the file once made
    page.get_by_role("button", name="Make the report as PDF").click()
    expect(page.get_by_role("heading", name="The report as PDF")).to_be_visible()
    download_link = page.get_by_role("link", name=re.compile(r"Download .*\.pdf"))
    expect(download_link).to_be_visible()
    _look(page, axe_check, f"job-made-{width}")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    # asking again for the unchanged report goes to the same job
    page.go_back()
    page.goto(live_server.url + reverse("reports:report_page", kwargs={"project_id": outputs.public_id}))
    page.get_by_role("button", name="Make the report as PDF").click()
    expect(page.get_by_text("The report has not changed since this file was made")).to_be_visible()
    assert Job.objects.count() == 1
    # each state of a build's page: waiting, running with its progress, done, failed with the retry
    for state, job in report_job_states(project=outputs, by=lead).items():
        kwargs = {"project_id": outputs.public_id, "job_id": job.public_id}
        page.goto(live_server.url + reverse("jobs:job_detail", kwargs=kwargs))
        _look(page, axe_check, f"job-{state}-{width}")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_page_lists_what_to_look_at_before_sharing(
    page: Page, live_server, axe_check, outputs, lead, width
):
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    login(page, live_server, lead)
    report_section_save(project=outputs, by=lead, key="method", body=NOTED)

    page.goto(live_server.url + reverse("reports:report_page", kwargs={"project_id": outputs.public_id}))

    expect(page.get_by_role("heading", name="Before you share the report")).to_be_visible()
    expect(page.get_by_text("Early help together: An untested idea", exact=True)).to_be_visible()
    expect(page.get_by_text("Nothing is in this section yet").first).to_be_visible()
    expect(page.locator(".footnotes-list li")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    _look(page, axe_check, f"report-page-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_downloaded_html_has_a_cover_and_contents(page: Page, axe_check, outputs, lead, width):
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    report_section_save(project=outputs, by=lead, key="method", body=NOTED)

    page.set_content(report_html(document=report_document(project=outputs)))

    expect(page.get_by_role("heading", name="Contents")).to_be_visible()
    expect(page.locator(".app-report-cover svg")).to_be_visible()
    expect(page.get_by_role("table").filter(has_text="Keep them open")).to_be_visible()
    _look(page, axe_check, f"report-html-{width}")
