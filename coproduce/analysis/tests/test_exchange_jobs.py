"""Every REFI-QDA import runs as a job: its page links on to the report, the upload is emptied afterwards, an
attempt run again imports nothing twice, and a file that cannot be read fails at once with its reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from coproduce.analysis.models import Code, Coding, ExchangeImport
from coproduce.analysis.services.exchange_jobs import exchange_import_start
from coproduce.analysis.tasks import exchange_import_job
from coproduce.interviews.models import Interview
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.tests.job_checks import (
    AFTER_COMMIT,
    WAITING_QUEUE,
    assert_seen_only_by,
    stopped_then_recovered,
)
from coproduce.people.models import Stakeholder
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .refi_data import needs_data, sample, zip_of

pytestmark = pytest.mark.django_db

QUALCODER = "qc-1.3.2-demo-coded.qdpx"


def _post(client, project, name: str, content: bytes, **extra):
    url = reverse("analysis:exchange_import", kwargs={"project_id": project.public_id})
    return client.post(url, {"file": SimpleUploadedFile(name, content), **extra})


def _researcher(client):
    membership = MembershipFactory(role=ProjectRole.RESEARCHER)
    client.force_login(membership.user)
    return membership.project


@needs_data
def test_a_project_import_is_a_job_whose_page_links_to_the_report(client):
    # given a researcher uploading QualCoder's demo project, adding its documents as interviews
    project = _researcher(client)
    response = _post(client, project, QUALCODER, sample(QUALCODER), add_missing="on")
    # then the page goes on to the job, which imported the project
    job = Job.objects.get()
    assert response["Location"] == reverse(
        "jobs:job_detail", kwargs={"project_id": project.public_id, "job_id": job.public_id}
    )
    assert (job.status, job.kind, job.need) == (JobStatus.SUCCEEDED, "analysis.exchange_import", "code")
    assert Coding.objects.count() == 205 and Code.objects.filter(project=project).count() == 262
    # and the kept file is emptied; the job page says what arrived and links on to the report
    record = ExchangeImport.objects.get()
    assert bytes(record.raw) == b"" and record.imported_at is not None
    page = client.get(response["Location"]).text
    assert "Project imported: 262 new codes, 205 new codings" in page
    assert job.result["next_url"] == reverse(
        "analysis:exchange_report", kwargs={"project_id": project.public_id, "import_id": record.public_id}
    )
    report = client.get(job.result["next_url"]).text
    assert "Project imported" in report and "Documents added as new interviews" in report
    # and the report kept names the new interviewees by code only, never by the names they were given
    codes = sorted(Stakeholder.objects.filter(project=project).values_list("code", flat=True))
    assert sorted(record.report["sources_added"]) == codes
    for name in Stakeholder.objects.filter(project=project).values_list("full_name", flat=True):
        assert name not in str(record.report)


@needs_data
def test_a_codebook_import_is_a_job_too(client):
    project = _researcher(client)
    _post(client, project, "nvivo.qdpx", sample("nvivo15-mac-codebook-only.qdpx"))
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["summary"]["message"].startswith("Project imported: 262 new codes, 0 new codings")


@needs_data
@pytest.mark.parametrize(
    "stop_in",
    [AFTER_COMMIT, "coproduce.analysis.services.exchange_import._Importer.import_notes"],
    ids=["after_commit", "mid_way"],
)
def test_an_attempt_run_again_after_the_worker_stopped_imports_nothing_twice(monkeypatch, stop_in):
    def start() -> Job:
        membership = MembershipFactory(role=ProjectRole.RESEARCHER)
        return exchange_import_start(
            project=membership.project, by=membership.user, filename=QUALCODER, data=sample(QUALCODER),
            add_missing=True,
        )  # fmt: skip

    job = stopped_then_recovered(monkeypatch, start=start, task=exchange_import_job, stop_in=stop_in)
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
    assert Interview.objects.count() == 2 and Coding.objects.count() == 205


def test_a_file_that_cannot_be_read_fails_at_once_with_the_reason(client):
    # given a zip that is not a REFI-QDA project (the form's quick check, that it is a zip, passes)
    project = _researcher(client)
    response = _post(client, project, "study.qdpx", zip_of({"notes.txt": "hello"}))
    # then its job failed once, with the reason, and the file is deleted
    job = Job.objects.get()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert job.error.startswith("Nothing was imported. ") and "project.qde" in job.error
    assert "project.qde" in client.get(response["Location"]).text
    assert not ExchangeImport.objects.exists() and not Code.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("study.qdpx", b"<Project/>", "a .qdpx file is a zip archive"),
        ("book.qdc", b"PK\x03\x04not xml", "a .qdc file is XML"),
        ("book.qdc", b"", "The file is empty"),
    ],
)
def test_the_form_refuses_at_once_what_it_can_check(client, name, content, message):
    project = _researcher(client)
    response = _post(client, project, name, content)
    assert response.status_code == 200 and message in response.text
    assert not Job.objects.exists() and not ExchangeImport.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(ProjectRole.RESEARCHER, 200), (ProjectRole.OBSERVER, 403), (ProjectRole.FACILITATOR, 403)],
)
def test_an_import_job_and_its_report_are_seen_only_by_those_who_may_code(client, role, status):
    project = _researcher(client)
    codebook = b'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    codebook += b'<Code guid="4B9E1C52-7A3F-4C1B-9D77-0E4F8C2A1B01" name="Trust" isCodable="true"/>'
    codebook += b"</Codes></CodeBook>"
    job_url = _post(client, project, "book.qdc", codebook)["Location"]
    report_url = Job.objects.get().result["next_url"]
    assert Code.objects.filter(project=project, name="Trust").exists()
    assert_seen_only_by(client, project=project, urls=[job_url, report_url], role=role, status=status)


def test_the_report_of_an_import_not_yet_run_is_not_found(client):
    project = _researcher(client)
    with override_settings(TASKS=WAITING_QUEUE):
        exchange_import_start(
            project=project, by=project.memberships.get().user, filename="b.qdc", data=b"<x/>"
        )
    record = ExchangeImport.objects.get()
    url = reverse(
        "analysis:exchange_report", kwargs={"project_id": project.public_id, "import_id": record.public_id}
    )
    assert client.get(url).status_code == 404
