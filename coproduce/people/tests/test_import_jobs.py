"""A CSV file of more rows than REGISTER_IMPORT_IN_BACKGROUND_ROWS is imported into the register by a job: the
same rows as in the request, the upload checked at once and kept until imported, never imported twice, and a
file with problems in its rows failing with each problem listed as the upload form lists them."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.tests.job_checks import AFTER_COMMIT, WAITING_QUEUE, stopped_then_recovered
from coproduce.people import csv_import
from coproduce.people.models import RecruitmentEvent, RegisterImport, Stakeholder
from coproduce.people.services.imports import register_import_start
from coproduce.people.tasks import register_import_job
from coproduce.people.tests.factories import OrganisationFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HEADER = "full_name,role,organisation,email,phone,interests,status,notes"


def _people(count: int, *, organisation: str = "") -> bytes:
    rows = [
        f"Idris Marchbank {n},Trustee,{organisation if n % 2 else ''},idris{n}@example.org,,Housing,invited,"
        for n in range(count)
    ]
    return "\n".join([HEADER, *rows, ""]).encode()


def _member(client, role=ProjectRole.RESEARCHER, project=None):
    membership = MembershipFactory(role=role, **({"project": project} if project else {}))
    client.force_login(membership.user)
    return membership


def _post(client, project, content: bytes, kind: str = "people"):
    url = reverse("people:import_upload", kwargs={"project_id": project.public_id})
    return client.post(url, {"kind": kind, "file": SimpleUploadedFile("people.csv", content)})


def _register(project) -> list[tuple[str, str, str, str]]:
    people = Stakeholder.objects.filter(project=project).select_related("organisation")
    return sorted(
        (p.code, p.full_name, p.recruitment_status, p.organisation.name if p.organisation else "")
        for p in people
    )


def test_a_large_file_is_imported_by_a_job_with_the_same_rows_as_in_the_request(client, settings):
    # given the same file of 8 people uploaded to two projects that each have the organisation named
    settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS = 8
    in_request = _member(client).project
    OrganisationFactory(project=in_request, name="Brookvale Food Bank")
    response = _post(client, in_request, _people(8, organisation="Brookvale Food Bank"))
    assert "jobs" not in response["Location"] and not Job.objects.exists()
    # when the threshold is below its number of rows
    settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS = 7
    by_job = _member(client).project
    OrganisationFactory(project=by_job, name="Brookvale Food Bank")
    response = _post(client, by_job, _people(8, organisation="Brookvale Food Bank"))
    # then the page goes on to the job's page, and the job imported the same people
    job = Job.objects.get()
    assert response["Location"] == reverse(
        "jobs:job_detail", kwargs={"project_id": by_job.public_id, "job_id": job.public_id}
    )
    assert (job.status, job.kind, job.need, job.attempts) == (
        JobStatus.SUCCEEDED, "people.import", "manage_people", 1
    )  # fmt: skip
    assert _register(by_job) == _register(in_request) and len(_register(by_job)) == 8
    notes = RecruitmentEvent.objects.filter(stakeholder__project=by_job).values_list("note", flat=True)
    assert set(notes) == {csv_import.IMPORT_NOTE}
    # and the job page shows the figures and links on to the register; the upload's content is gone
    page = client.get(response["Location"]).text
    assert "Imported 8 people from people.csv." in page
    register = reverse("people:stakeholder_list", kwargs={"project_id": by_job.public_id})
    assert job.result["next_url"] == register and f'href="{register}"' in page
    upload = RegisterImport.objects.get()
    assert (bytes(upload.raw), upload.created, job.arguments) == (b"", 8, {})


def test_a_small_file_is_still_imported_in_the_request(client, settings):
    settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS = 500
    project = _member(client).project
    response = _post(client, project, _people(5))
    assert response["Location"] == reverse(
        "people:stakeholder_list", kwargs={"project_id": project.public_id}
    )
    assert not Job.objects.exists() and Stakeholder.objects.count() == 5


def test_a_file_with_row_problems_fails_with_the_problems_the_form_shows(client, settings):
    # given a large file with a person already in the register, a repeated name and a bad email
    settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS = 1
    project = _member(client).project
    _post(client, project, _people(1))
    content = _people(4) + b"Nia Blackwood,,,not-an-email,,,,\nIdris Marchbank 3,,,,,,,\n"
    expected = csv_import.stakeholders_import_csv(project=project, file=io.BytesIO(content), by=None)
    # when it is uploaded
    response = _post(client, project, content)
    # then its job failed once, not to be tried again, with every problem the form would list
    job = Job.objects.filter(status=JobStatus.FAILED).get()
    assert (job.attempts, job.error) == (
        1, "Nothing was imported. The file has 3 problems. Fix them and upload the file again."
    )  # fmt: skip
    assert job.result["problems"] == [
        {"line": e.line, "column": e.column, "message": e.message} for e in expected.errors
    ]
    assert len(expected.errors) == 3
    # and the job page lists them in a table by line and column
    page = client.get(response["Location"]).text
    assert "Problems in the file" in page and "Enter a valid email address." in page
    assert "This person is already in the register as P01." in page
    assert "This name is also on line 5. Each name may appear only once." in page
    assert "Try again" not in page  # the upload is gone: only a corrected file can help
    # and nothing was imported, and the upload is deleted
    assert Stakeholder.objects.count() == 1 and not RegisterImport.objects.filter(job=job).exists()
    assert AuditEvent.objects.filter(action="people.import.discarded").count() == 1


def test_the_upload_is_checked_at_once(client, settings):
    settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS = 1
    project = _member(client).project
    response = _post(client, project, b"name,shoe_size\nIdris,9\nNia,7\n")
    assert response.status_code == 200
    unknown = "The header line (line 1) has unknown columns &#x27;name&#x27;, &#x27;shoe_size&#x27;"
    assert unknown in response.text
    assert not Job.objects.exists() and not RegisterImport.objects.exists()


@pytest.mark.parametrize(
    "stop_in", [AFTER_COMMIT, "coproduce.people.csv_import.audit_record"], ids=["after_commit", "mid_way"]
)
def test_an_attempt_run_again_after_the_worker_stopped_imports_the_file_once(monkeypatch, stop_in):
    # given an import whose first attempt stops after its commit, or half way through writing
    membership = MembershipFactory(role=ProjectRole.RESEARCHER)

    def start() -> Job:
        return register_import_start(
            project=membership.project,
            kind="people",
            filename="people.csv",
            raw=_people(30),
            by=membership.user,
        )

    # when the worker's lease passes and the job is run again
    job = stopped_then_recovered(monkeypatch, start=start, task=register_import_job, stop_in=stop_in)
    # then the file was imported once, with codes from P01 and no gap
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
    assert Stakeholder.objects.count() == 30
    assert sorted(Stakeholder.objects.values_list("code", flat=True)) == [f"P{n:02d}" for n in range(1, 31)]
    assert AuditEvent.objects.filter(action="people.import.completed").count() == 1
    assert job.result["summary"]["created"] == 30


@pytest.mark.parametrize(
    ("role", "may_import"),
    [
        (ProjectRole.LEAD, True),
        (ProjectRole.RESEARCHER, True),
        (ProjectRole.FACILITATOR, False),
        (ProjectRole.OBSERVER, False),
    ],
)
def test_only_those_who_manage_people_may_import_and_see_the_job(client, settings, role, may_import):
    settings.REGISTER_IMPORT_IN_BACKGROUND_ROWS = 1
    project = _member(client).project
    job_url = _post(client, project, _people(3))["Location"]
    _member(client, role=role, project=project)
    response = _post(client, project, _people(3))
    assert response.status_code == (302 if may_import else 403)
    assert Job.objects.count() == (2 if may_import else 1)
    assert client.get(job_url).status_code == (200 if may_import else 403)
    _member(client, role=ProjectRole.LEAD)  # the lead of another project
    assert client.get(job_url).status_code == 404


def test_the_register_says_an_import_is_being_prepared_until_it_is_done(client):
    # given an import job waiting for the worker
    membership = _member(client)
    project = membership.project
    with override_settings(TASKS=WAITING_QUEUE):
        job = register_import_start(
            project=project, kind="people", filename="people.csv", raw=_people(3), by=membership.user
        )
    job_url = reverse("jobs:job_detail", kwargs={"project_id": project.public_id, "job_id": job.public_id})
    people = reverse("people:stakeholder_list", kwargs={"project_id": project.public_id})
    organisations = reverse("people:organisation_list", kwargs={"project_id": project.public_id})
    # then both register pages say so and link to its job page
    for url in (people, organisations):
        page = client.get(url).text
        assert "An import is being prepared: Import of people from people.csv." in page
        assert f'href="{job_url}"' in page
    # and an observer, who may not see the job, is told without the link
    _member(client, role=ProjectRole.OBSERVER, project=project)
    page = client.get(people).text
    assert "An import is being prepared" in page and job_url not in page
    # when the job has run, the notice is gone
    register_import_job.call(job_id=job.pk)
    assert Stakeholder.objects.filter(project=project).count() == 3
    assert "An import is being prepared" not in client.get(people).text


def test_a_kept_upload_is_cleared_once_it_expires(client):
    # given an upload whose job never ran, two days and a moment ago
    membership = _member(client)
    with override_settings(TASKS=WAITING_QUEUE):
        register_import_start(
            project=membership.project,
            kind="people",
            filename="people.csv",
            raw=_people(3),
            by=membership.user,
        )
    RegisterImport.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    # when the hourly command runs, then the upload, with the people it names, is gone
    call_command("expire_pending_imports", stdout=io.StringIO())
    assert not RegisterImport.objects.exists()


def test_the_import_stages_become_the_jobs_progress(project, lead):
    heard: list[tuple[int, int, str]] = []
    result = csv_import.stakeholders_import_csv(
        project=project, file=io.BytesIO(_people(3)), by=lead, progress=lambda *said: heard.append(said)
    )
    assert result.ok
    assert heard == [
        (0, 0, "Reading the file"),
        (0, 3, "Checking row 1 of 3"),
        (0, 3, "Saving 0 of 3 people"),
    ]
