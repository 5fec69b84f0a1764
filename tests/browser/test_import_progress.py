"""Importing a large file: the page shows the upload, then each stage of the import, then the result; a file
over IMPORT_IN_BACKGROUND_BYTES goes on to its job's page, which shows the job's progress, then links on.

The upload is slowed down through the browser's network emulation, and the server's search for possible
duplicates waits until the test has seen (and checked with axe) the page part-way through, so every stage
is seen whatever the speed of the machine.
"""

import threading
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coproduce.evidence.models import PendingImport, Reference
from coproduce.evidence.services import imports
from coproduce.evidence.tasks import references_import_job
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.progress import progress_key
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .signin import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 360, "height": 800}
RECORDS = 4000
UPLOAD_BYTES_PER_SECOND = 1_000_000
WATCH_STATUS = """() => {
  const status = document.querySelector("[data-import-progress-status]");
  new MutationObserver(() => window.noteStatus(status.textContent)).observe(status, {childList: true});
}"""


def _ris_file(folder: Path, records: int, *, broken_at: int | None = None) -> Path:
    """Fictional records with distinct titles and an abstract each (about 0.6 kB a record)."""
    lines = []
    for i in range(records):
        words = uuid.uuid5(uuid.NAMESPACE_URL, f"record-{i}").hex
        end = "" if i == broken_at else "ER  - \n"
        lines.append(
            f"TY  - JOUR\nTI  - Partnership {words[:10]} between {words[10:20]} council and charities\n"
            f"AU  - Example, Author {i}\nPY  - {2000 + i % 25}\nDO  - 10.5555/example.{i}\n"
            f"AB  - {'A fictional study of local partnership working. ' * 10}\n{end}"
        )
    path = folder / ("broken-search.ris" if broken_at is not None else "large-search.ris")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _confirm(page: Page, records: str) -> None:
    """On the preview the upload went on to, import the usable records."""
    page.get_by_role("button", name=f"Import the {records} usable records").click()


def _open_import_page(page: Page, live_server, axe_check) -> None:
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    page.set_viewport_size(PHONE)
    login(page, live_server, membership.user)
    url = reverse("evidence:import_upload", kwargs={"project_id": membership.project.public_id})
    page.goto(live_server.url + url)
    axe_check(page)
    page.get_by_label("Which search did the file come from?").select_option("none")


def test_a_large_import_shows_upload_and_import_progress_then_the_result(
    page: Page, live_server, axe_check, tmp_path, monkeypatch
):
    # given a researcher on a phone-sized screen with a slow upload, and a file of 4,000 records (2.7 MB)
    path = _ris_file(tmp_path, RECORDS)
    release = threading.Event()
    find = imports.duplicates_find

    def held_duplicates_find(**kwargs):
        release.wait(timeout=30)
        return find(**kwargs)

    monkeypatch.setattr(imports, "duplicates_find", held_duplicates_find)
    _open_import_page(page, live_server, axe_check)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 0, "downloadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": UPLOAD_BYTES_PER_SECOND})
    heard: list[str] = []
    page.expose_function("noteStatus", lambda text: heard.append(text))
    page.evaluate(WATCH_STATUS)
    # when they upload the file, and confirm its preview
    page.get_by_label("File of records").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("4,000 of the 4,000 records in the file will be imported")).to_be_visible()
    axe_check(page)
    page.evaluate(WATCH_STATUS)
    _confirm(page, "4,000")
    # then a labelled bar and a status message show the upload, then each stage of the import
    bar = page.get_by_role("progressbar", name="Import progress")
    expect(bar).to_be_visible()
    status = page.get_by_role("status")
    expect(status).to_have_text("Looking for possible duplicates among 4,000 new records…", timeout=20_000)
    expect(page.get_by_role("button", name="Import the 4,000 usable records")).to_be_disabled()
    axe_check(page)
    # and once the import has finished, the records page says what arrived
    release.set()
    expect(page.get_by_text(f"Imported {RECORDS} new records from large-search.ris")).to_be_visible()
    axe_check(page)
    assert Reference.objects.count() == RECORDS
    uploading = [text for text in heard if text.startswith("Uploading: ")]
    assert uploading[0] == "Uploading: 0%" and len(uploading) >= 3, heard
    assert "Uploaded. Checking the file…" in heard, heard


def test_a_malformed_large_file_imports_nothing_and_says_where(page: Page, live_server, axe_check, tmp_path):
    # given a file whose 2,501st record has no end
    path = _ris_file(tmp_path, 3000, broken_at=2500)
    _open_import_page(page, live_server, axe_check)
    # when it is uploaded
    page.get_by_label("File of records").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    # then nothing is imported, and the page names the line and the reason, with the summary focused
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nothing was imported")
    expect(summary).to_contain_text("a record starts (TY) before the previous one")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    axe_check(page)
    assert not Reference.objects.exists()
    # and the form can be sent again straight away
    expect(page.get_by_role("button", name="Check the file")).to_be_enabled()


def test_import_works_without_javascript(browser: Browser, live_server, tmp_path):
    # given a browser with JavaScript switched off
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    login(page, live_server, membership.user)
    url = reverse("evidence:import_upload", kwargs={"project_id": membership.project.public_id})
    page.goto(live_server.url + url)
    # then the progress bar stays hidden, and the plain form post imports the file
    expect(page.get_by_role("progressbar")).to_have_count(0)
    page.get_by_label("Which search did the file come from?").select_option("none")
    page.get_by_label("File of records").set_input_files(_ris_file(tmp_path, 50))
    page.get_by_role("button", name="Check the file").click()
    _confirm(page, "50")
    expect(page.get_by_text("Imported 50 new records from large-search.ris")).to_be_visible()
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_file_over_the_threshold_is_imported_by_a_job_whose_page_shows_progress_then_links_on(
    page: Page, live_server, axe_check, tmp_path, settings, width
):
    # given a file over the threshold, and a task queue that waits for a worker
    settings.IMPORT_IN_BACKGROUND_BYTES = 10_000
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    path = _ris_file(tmp_path, 200)
    _open_import_page(page, live_server, axe_check)
    page.set_viewport_size({"width": width, "height": 800})
    # when the researcher uploads it and confirms its preview
    page.get_by_label("File of records").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    _confirm(page, "200")
    # then the job's page says it is waiting for the worker
    expect(page.get_by_role("heading", name="Import of large-search.ris")).to_be_visible()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    axe_check(page)
    job = Job.objects.get()
    assert (job.kind, job.need) == ("evidence.import", "manage_evidence")
    # and once a worker has started, the page shows how far it has got, by itself
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    cache.set(progress_key(job.pk), {"done": 100, "total": 200, "note": "Saving 100 of 200 records"}, 60)
    expect(page.get_by_text("Saving 100 of 200 records")).to_be_visible(timeout=10_000)
    expect(page.get_by_label("Progress")).to_have_attribute("value", "50")
    axe_check(page)
    # and when the worker has run it, the page gives the figures and links on to the records
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
    }
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, attempts=0)
    references_import_job.call(job_id=job.pk)
    expect(
        page.get_by_text("Read 200 records from large-search.ris: imported 200 new records")
    ).to_be_visible(timeout=10_000)
    axe_check(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Records")).to_be_visible()
    assert Reference.objects.count() == 200 and not PendingImport.objects.exists()
