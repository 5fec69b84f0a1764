"""A file over IMPORT_IN_BACKGROUND_BYTES is imported by a job: the same records as in the request, the upload
deleted afterwards, never twice, and a file that cannot be read refused at once with its reason."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.evidence.models import ImportBatch, PendingImport, Reference
from coproduce.evidence.progress import ImportProgress, Stage
from coproduce.evidence.services import imports
from coproduce.evidence.services.import_jobs import references_import_start
from coproduce.evidence.tasks import _reporter, references_import_job
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.tests.job_checks import AFTER_COMMIT, assert_seen_only_by, stopped_then_recovered
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SYNERGY = Path("/work/shared/data/synergy")


def _ris(records: int, *, broken_at: int | None = None) -> bytes:
    lines = []
    for i in range(records):
        end = "" if i == broken_at else "ER  - \n"
        lines.append(f"TY  - JOUR\nTI  - Ward forum study number {i}\nPY  - 2020\nDO  - 10.5555/w.{i}\n{end}")
    return "\n".join(lines).encode()


@pytest.fixture
def real_ris() -> bytes:
    path = SYNERGY / "Oud_2018.ris"
    if not path.is_file():
        pytest.skip("the shared SYNERGY data sets are not here")
    return path.read_bytes()


def _post(client, project, name: str, content: bytes):
    url = reverse("evidence:import_upload", kwargs={"project_id": project.public_id})
    return client.post(url, {"search": "none", "file": SimpleUploadedFile(name, content), "format": "auto"})


def _import(client, project, name: str, content: bytes):
    """Upload a file and confirm its preview."""
    uploaded = _post(client, project, name, content)
    assert uploaded.status_code == 302 and "/preview/" in uploaded["Location"]
    assert not Job.objects.filter(project=project).exists() and not Reference.objects.filter(project=project)
    return client.post(uploaded["Location"])


def _researcher_client(client, project=None):
    membership = MembershipFactory(role=ProjectRole.RESEARCHER, **({"project": project} if project else {}))
    client.force_login(membership.user)
    return client, membership.project


def _records(project) -> list[tuple[str, str, int | None]]:
    return sorted(Reference.objects.filter(project=project).values_list("title", "doi", "year"))


def test_a_large_file_is_imported_by_a_job_with_the_same_records_as_in_the_request(
    client, settings, real_ris
):
    # given the same public RIS export (952 records, 1.6 MB) uploaded to two projects
    settings.IMPORT_IN_BACKGROUND_BYTES = len(real_ris)
    client, in_request = _researcher_client(client)
    response = _import(client, in_request, "Oud_2018.ris", real_ris)
    assert "job" not in response["Location"] and not Job.objects.exists()
    # when the threshold is below the file's size
    settings.IMPORT_IN_BACKGROUND_BYTES = len(real_ris) - 1
    client, by_job = _researcher_client(client)
    response = _import(client, by_job, "Oud_2018.ris", real_ris)
    # then the page goes on to the job's page, and the job imported the same records
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "jobs:job_detail", kwargs={"project_id": by_job.public_id, "job_id": job.public_id}
    )
    assert (job.status, job.kind, job.need, job.attempts) == (
        JobStatus.SUCCEEDED,
        "evidence.import",
        "manage_evidence",
        1,
    )
    assert _records(by_job) == _records(in_request) and len(_records(by_job)) > 900
    first = ImportBatch.objects.get(project=in_request)
    batch = ImportBatch.objects.get(project=by_job)
    figures = ("records_in_file", "records_created", "duplicates_merged")
    assert [getattr(batch, name) for name in figures] == [getattr(first, name) for name in figures]
    summary = job.result["summary"]
    assert (summary["records_in_file"], summary["created"], summary["merged"]) == (
        first.records_in_file, first.records_created, first.duplicates_merged
    )  # fmt: skip
    assert summary["possible_duplicates"] == by_job.duplicate_candidates.count()
    # and the upload is gone, the arguments forgotten, and the job page links on to the records with figures
    assert not PendingImport.objects.exists() and job.arguments == {}
    page = client.get(response["Location"]).text
    assert (
        f"Read {batch.records_in_file:,} records from Oud_2018.ris: imported {batch.records_created:,}"
        in page
    )
    assert f"?batch={batch.public_id}" in job.result["next_url"] and job.result["next_url"] in page


def test_an_import_job_says_which_encoding_it_assumed(client, settings):
    chinese = "".join(
        f"TY  - JOUR\nTI  - 社区参与式研究在公共卫生中的应用 第{i}部分\nPY  - 2019\nER  - \n"
        for i in range(40)
    ).encode("gbk")
    settings.IMPORT_IN_BACKGROUND_BYTES = len(chinese) - 1
    client, project = _researcher_client(client)

    _import(client, project, "cnki.ris", chinese)

    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and Reference.objects.filter(project=project).count() == 40
    assert job.result["summary"]["message"].endswith(
        "The file is not in UTF-8: it was read as GBK (Chinese, simplified) text."
    )


def test_a_small_file_is_still_imported_in_the_request(client, settings):
    settings.IMPORT_IN_BACKGROUND_BYTES = 10_000
    client, project = _researcher_client(client)
    response = _import(client, project, "small.ris", _ris(5))
    assert "batch=" in response["Location"]
    assert not Job.objects.exists() and Reference.objects.count() == 5


def test_a_large_spreadsheet_is_imported_by_a_job_once_its_columns_are_mapped(client, settings):
    # given a spreadsheet over the threshold, kept for its column mapping
    settings.IMPORT_IN_BACKGROUND_BYTES = 100
    client, project = _researcher_client(client)
    rows = "".join(f"Ward forum {i};2020\n" for i in range(40))
    response = _post(client, project, "sheet.csv", f"Title;Year\n{rows}".encode())
    pending = PendingImport.objects.get()
    assert pending.job is None
    # when the columns are mapped and the preview confirmed
    response = client.post(response["Location"], {"title": "Title", "year": "Year"})
    assert not Job.objects.exists() and not Reference.objects.exists()
    response = client.post(response["Location"])
    # then a job imports it with that mapping, and the mapping page is gone
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and "/jobs/" in response["Location"]
    assert Reference.objects.filter(project=project, year=2020).count() == 40
    assert not PendingImport.objects.exists()
    url = reverse(
        "evidence:import_map", kwargs={"project_id": project.public_id, "pending_id": pending.public_id}
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "stop_in",
    [AFTER_COMMIT, "coproduce.evidence.services.imports.duplicates_find"],
    ids=["after_commit", "mid_way"],
)
def test_an_attempt_run_again_after_the_worker_stopped_imports_the_file_once(monkeypatch, stop_in):
    def start() -> Job:
        membership = MembershipFactory(role=ProjectRole.RESEARCHER)
        return references_import_start(
            project=membership.project, search=None, filename="big.ris", fmt="ris", raw=_ris(30),
            by=membership.user,
        )  # fmt: skip

    job = stopped_then_recovered(monkeypatch, start=start, task=references_import_job, stop_in=stop_in)
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
    assert ImportBatch.objects.count() == 1 and Reference.objects.count() == 30
    assert job.result["summary"]["created"] == 30
    assert not PendingImport.objects.exists()


def test_a_large_file_that_cannot_be_read_is_refused_at_the_upload_with_the_reason(client, settings):
    # given a large RIS file whose fourth record never ends (the form's quick checks pass)
    settings.IMPORT_IN_BACKGROUND_BYTES = 100
    client, project = _researcher_client(client)
    response = _post(client, project, "broken.ris", _ris(10, broken_at=3))
    # then the upload page says where and why, before any job or preview
    assert response.status_code == 400
    assert "Line 24: a record starts (TY) before the previous one (line 19) ended (ER)." in response.text
    assert not Job.objects.exists() and not Reference.objects.exists() and not PendingImport.objects.exists()


def test_a_job_that_finds_the_file_unreadable_fails_at_once_and_deletes_the_upload():
    membership = MembershipFactory(role=ProjectRole.RESEARCHER)
    job = references_import_start(
        project=membership.project, search=None, filename="broken.ris", fmt="ris", raw=_ris(10, broken_at=3),
        by=membership.user,
    )  # fmt: skip
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert job.error == (
        "Nothing was imported. Line 24: a record starts (TY) before the previous one (line 19) ended (ER)."
    )
    assert not Reference.objects.exists() and not PendingImport.objects.exists()
    assert AuditEvent.objects.filter(action="evidence.import.discarded").count() == 1


def test_a_large_file_with_unusable_records_is_imported_by_a_job_that_says_how_many_were_skipped(
    client, settings
):
    # given a large file with two records that have no title, abstract or DOI
    unusable = b"\nTY  - JOUR\nAU  - Nobody, N\nPY  - 2020\nER  - \n" * 2
    settings.IMPORT_IN_BACKGROUND_BYTES = 100
    client, project = _researcher_client(client)
    # when its preview is confirmed
    response = _import(client, project, "big.ris", _ris(10) + unusable)
    # then the job imports the ten others, and the job page, the batch and the audit row count the two
    job = Job.objects.get()
    batch = ImportBatch.objects.get()
    assert job.status == JobStatus.SUCCEEDED and Reference.objects.count() == 10
    assert (batch.records_in_file, batch.records_created, batch.records_skipped) == (10, 10, 2)
    assert [s["line"] for s in batch.skipped] == [61, 66]
    assert job.result["summary"]["skipped"] == 2
    assert "2 records were skipped: no title, abstract or DOI." in client.get(response["Location"]).text
    audit = AuditEvent.objects.get(action="evidence.import.completed")
    assert (audit.changes["in_file"], audit.changes["created"], audit.changes["skipped"]) == (10, 10, 2)


def test_an_import_that_fails_on_its_last_attempt_deletes_the_upload(client, settings, monkeypatch):
    settings.IMPORT_IN_BACKGROUND_BYTES = 100
    client, project = _researcher_client(client)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports, "duplicates_find", broken)
    _import(client, project, "big.ris", _ris(10))
    job = Job.objects.get()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)
    assert not Reference.objects.exists() and not PendingImport.objects.exists()


def test_the_form_still_refuses_at_once_what_it_can_check(client, settings):
    settings.IMPORT_IN_BACKGROUND_BYTES = 100
    client, project = _researcher_client(client)
    response = _post(client, project, "records.ris", b"PK\x03\x04" + b"x" * 500)
    assert response.status_code == 200
    assert "This looks like an Excel workbook or another zip file" in response.text
    assert not Job.objects.exists() and not PendingImport.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(ProjectRole.RESEARCHER, 200), (ProjectRole.OBSERVER, 403), (ProjectRole.FACILITATOR, 403)],
)
def test_an_import_job_is_seen_only_by_those_who_may_import(client, settings, role, status):
    settings.IMPORT_IN_BACKGROUND_BYTES = 100
    client, project = _researcher_client(client)
    url = _import(client, project, "big.ris", _ris(10))["Location"]
    assert_seen_only_by(client, project=project, urls=[url], role=role, status=status)


def test_the_import_stages_become_the_jobs_progress():
    heard: list[tuple[int, int, str]] = []
    report = _reporter(lambda done, total, note: heard.append((done, total, note)))
    report(ImportProgress(stage=Stage.CHECKING, total=900))
    report(ImportProgress(stage=Stage.SAVING, done=300, total=900))
    assert heard == [(0, 0, "Checking 900 records for duplicates"), (300, 900, "Saving 300 of 900 records")]
