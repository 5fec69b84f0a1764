"""The report as PDF and Word files, made by the task worker: asking for them, reusing an unchanged build,
a failed build and its retry, and the old download addresses."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from docx import Document as read_docx

from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.selectors import job_progress
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.reports.document import Document, Heading, Paragraph, Section
from coproduce.reports.exports import builds
from coproduce.reports.exports.builds import DOCX, PDF, export_version, report_digest
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.selectors.document import report_document
from coproduce.reports.services import report_section_save

pytestmark = pytest.mark.django_db

DRAFT = "Share one referral form"


@pytest.fixture
def report(project, lead):
    """A report with a summary, R1 published and R2 a draft."""
    project.title = "Early help in Northfield"
    project.save()
    published = recommendation_create(project=project, by=lead, action="Pool small grants through one fund")
    recommendation_publish(recommendation=published, by=lead)
    recommendation_create(project=project, by=lead, action=DRAFT, rationale="Health partners disagree")
    report_section_save(project=project, by=lead, key="summary", body="**Trust** comes first")
    return project


@pytest.fixture
def pdf_builds(monkeypatch) -> list[str]:
    """Count the PDFs laid out (each the HTML it was given); the PDF is a stand-in, laid out in no time."""
    made: list[str] = []

    def lay_out(*, html: str, pictures: object = None) -> bytes:
        made.append(html)
        return b"%PDF-1.7 stand-in\n"

    monkeypatch.setattr("coproduce.reports.exports.html_writer.pdf_from_html", lay_out)
    return made


def _make(client, project, file_format="pdf", **extra):
    url = reverse("reports:report_file_make", kwargs={"project_id": project.public_id})
    return client.post(url, {"file_format": file_format}, **extra)


def _job_url(name, job):
    return reverse(f"jobs:{name}", kwargs={"project_id": job.project.public_id, "job_id": job.public_id})


def _docx_text(content: bytes) -> str:
    docx = read_docx(io.BytesIO(content))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in docx.paragraphs] + cells)


def test_making_the_word_file_runs_a_job_whose_page_offers_the_public_version(report, lead_client):
    # when the researcher asks for the report as a Word document
    response = _make(lead_client, report, "docx")
    # then they are sent to the job's page, which offers the file
    job = Job.objects.get()
    assert response["Location"] == _job_url("job_detail", job)
    assert (job.kind, job.label, job.need, job.status) == (
        "reports.docx", "The report as a Word document", "view_project", JobStatus.SUCCEEDED,
    )  # fmt: skip
    page = lead_client.get(response["Location"]).content.decode()
    assert "Download early-help-in-northfield.docx" in page
    assert "7 sections" in page  # the local context is empty: the file leaves it out
    # and the file is today's public version: R1, not the draft, the same text as the writer makes
    content = lead_client.get(_job_url("job_download", job)).content
    text = _docx_text(content)
    assert "Pool small grants through one fund" in text and DRAFT not in text
    assert text == _docx_text(report_docx(document=report_document(project=report)))


def test_the_build_says_how_far_it_has_got(report, lead_client, monkeypatch):
    seen = []

    def lay_out(*, html: str, pictures: object = None) -> bytes:
        seen.append(job_progress(job=Job.objects.get()))
        return b"%PDF-1.7 stand-in\n"

    monkeypatch.setattr("coproduce.reports.exports.html_writer.pdf_from_html", lay_out)
    _make(lead_client, report, "pdf")
    [progress] = seen
    assert progress is not None
    assert (progress.done, progress.total, progress.note) == (1, 2, "Laying out the pages of the PDF")


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED])
def test_asking_again_for_an_unchanged_report_reuses_the_job(report, lead_client, pdf_builds, status):
    # given a PDF asked for, its job waiting, running or done
    first = _make(lead_client, report)
    job = Job.objects.get()
    if status != JobStatus.SUCCEEDED:
        Job.objects.filter(pk=job.pk).update(status=status, result={}, result_file="")
    # when someone else asks for the same report again
    observer = lead_client.__class__()
    observer.force_login(MembershipFactory(project=report, role=ProjectRole.OBSERVER).user)
    again = _make(observer, report, follow=True)
    # then they are sent to the same job, and nothing is built again
    assert again.redirect_chain[0][0] == first["Location"]
    assert Job.objects.count() == 1 and len(pdf_builds) == 1
    expected = "already being made" if status != JobStatus.SUCCEEDED else "so it is ready now"
    assert expected in again.content.decode()


def test_a_changed_report_is_built_again(report, lead, lead_client, pdf_builds):
    _make(lead_client, report)
    # a section edited
    report_section_save(project=report, by=lead, key="summary", body="**Trust** comes first, then money")
    _make(lead_client, report)
    # a recommendation published
    recommendation_publish(recommendation=report.recommendations.get(action=DRAFT), by=lead)
    _make(lead_client, report)
    jobs = list(Job.objects.order_by("created_at", "id"))
    assert len(jobs) == 3 and len(pdf_builds) == 3
    assert len({job.result["summary"]["digest"] for job in jobs}) == 3
    assert "then money" in pdf_builds[1] and DRAFT not in pdf_builds[1] and DRAFT in pdf_builds[2]
    # asking for the other format is another file
    _make(lead_client, report, "docx")
    assert Job.objects.filter(kind="reports.docx").count() == 1


def test_a_failed_build_or_a_removed_file_is_made_again(report, lead_client, pdf_builds):
    _make(lead_client, report)
    job = Job.objects.get()
    job.result_file.delete(save=True)  # removed after JOB_RESULT_DAYS
    _make(lead_client, report)
    assert Job.objects.count() == 2 and len(pdf_builds) == 2
    Job.objects.update(status=JobStatus.FAILED)
    _make(lead_client, report)
    assert Job.objects.count() == 3 and len(pdf_builds) == 3


def test_a_failed_build_shows_its_reason_and_the_lead_can_try_it_again(report, lead_client, monkeypatch):
    # given a PDF build that fails every time
    def broken(*, html: str, pictures: object = None) -> bytes:
        raise RuntimeError("pango could not load a font")

    monkeypatch.setattr("coproduce.reports.exports.html_writer.pdf_from_html", broken)
    response = _make(lead_client, report, follow=True)
    job = Job.objects.get()
    # then the job's page says why, after three attempts, and offers to try again
    assert job.status == JobStatus.FAILED and job.attempts == 3
    page = response.content.decode()
    assert "An unexpected error stopped it (RuntimeError)" in page and "Try again" in page
    assert "pango" not in page  # the details are for the administrators' log
    listing = lead_client.get(reverse("jobs:job_list", kwargs={"project_id": report.public_id}))
    assert "An unexpected error stopped it (RuntimeError)" in listing.content.decode()
    # when the lead tries again once the fault is fixed, the file is made
    monkeypatch.undo()
    lead_client.post(_job_url("job_retry", job))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert lead_client.get(_job_url("job_download", job)).content.startswith(b"%PDF")


def test_the_old_download_addresses_give_the_file_or_its_page(report, lead_client, pdf_builds):
    url = reverse("reports:report_pdf", kwargs={"project_id": report.public_id})
    # the file is made, and the address sends the file itself
    response = lead_client.get(url)
    job = Job.objects.get()
    assert response["Location"] == _job_url("job_download", job)
    assert lead_client.get(url, follow=True).content == b"%PDF-1.7 stand-in\n"
    assert Job.objects.count() == 1 and len(pdf_builds) == 1
    # while a build is waiting, the address sends its page
    Job.objects.update(status=JobStatus.QUEUED, result={}, result_file="")
    assert lead_client.get(url)["Location"] == _job_url("job_detail", job)
    docx = lead_client.get(reverse("reports:report_docx", kwargs={"project_id": report.public_id}))
    assert docx["Location"] == _job_url("job_download", Job.objects.get(kind="reports.docx"))


@pytest.mark.parametrize("value", ["", "exe", "pdf' OR 1=1"])
def test_a_file_format_that_is_not_offered_is_refused(report, lead_client, value):
    response = _make(lead_client, report, value, follow=True)
    assert response.redirect_chain[0][0] == reverse(
        "reports:report_page", kwargs={"project_id": report.public_id}
    )
    assert "Choose PDF or Word document" in response.content.decode()
    assert not Job.objects.exists()


def test_the_report_page_offers_both_files_as_buttons(report, lead_client):
    page = lead_client.get(reverse("reports:report_page", kwargs={"project_id": report.public_id}))
    html = page.content.decode()
    assert 'name="file_format" value="pdf"' in html and "Make the report as PDF" in html
    assert 'name="file_format" value="docx"' in html and "Make the report as a Word document" in html
    assert 'method="post"' in html


def _document(*blocks: Heading | Paragraph) -> Document:
    return Document(
        "Title", "", "", "7 December 2026", [Section("summary", "Summary", list(blocks))]
    ).number()


def test_the_digest_tells_apart_what_makes_a_different_file():
    document = _document(Paragraph("Trust"))
    digest = report_digest(document=document, file_format=PDF, filename="r.pdf")
    assert digest == report_digest(document=_document(Paragraph("Trust")), file_format=PDF, filename="r.pdf")
    others = [
        report_digest(document=_document(Heading("Trust")), file_format=PDF, filename="r.pdf"),
        report_digest(document=_document(Paragraph("Trust.")), file_format=PDF, filename="r.pdf"),
        report_digest(document=document, file_format=DOCX, filename="r.pdf"),
        report_digest(document=document, file_format=PDF, filename="s.pdf"),
    ]
    assert digest not in others and len(set(others)) == len(others)


def test_the_digest_changes_with_the_export_code(tmp_path, settings):
    # given a copy of the report's templates whose print stylesheet differs by one rule
    before = export_version()
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in builds.EXPORT_TEMPLATES:
        source = Path(builds._template_path(name))
        (folder / source.name).write_bytes(source.read_bytes())
    with (folder / "_print.css").open("a") as css:
        css.write("\nh1 { color: #0b0c0c; }\n")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    export_version.cache_clear()
    try:
        with override_settings(TEMPLATES=templates):
            changed = export_version()
    finally:
        export_version.cache_clear()
    # then the export code's version, and so every digest, is another
    assert changed != before and export_version() == before


@pytest.mark.django_db(transaction=True)
def test_with_the_worker_the_page_answers_at_once_and_the_worker_makes_the_file(
    report, lead_client, pdf_builds
):
    queues = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}
    with override_settings(TASKS=queues):
        # when the researcher asks, the build waits for the worker and its page says so
        page = _make(lead_client, report, follow=True).content.decode()
        job = Job.objects.get()
        assert job.status == JobStatus.QUEUED and pdf_builds == []
        assert "Waiting to start" in page and 'hx-trigger="every 2s"' in page
        # asking again while it waits reuses it
        _make(lead_client, report)
        assert Job.objects.count() == 1
        # then the worker makes it, once
        call_command("jobs_worker", worker_id="reports-1", batch=True, interval=0.01)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and len(pdf_builds) == 1
    assert (
        "Download early-help-in-northfield.pdf"
        in lead_client.get(_job_url("job_detail", job)).content.decode()
    )
