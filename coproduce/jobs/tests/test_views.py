import pytest
from django.urls import reverse

from coproduce.jobs.models import JobStatus
from coproduce.jobs.services import job_start
from coproduce.projects.permissions import Need, ProjectRole
from coproduce.projects.tests.factories import MembershipFactory

from .sample_tasks import sample_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return MembershipFactory(role=ProjectRole.LEAD)


def _start(membership, *, need=Need.VIEW_PROJECT, **plan):
    return job_start(
        project=membership.project, task=sample_job, kind="tests.sample", label="The report as PDF",
        need=need, by=membership.user, arguments=plan,
    )  # fmt: skip


def _url(name, job):
    return reverse(f"jobs:{name}", kwargs={"project_id": job.project.public_id, "job_id": job.public_id})


def test_a_finished_job_offers_its_file(client, lead):
    job = _start(lead, file=True)
    client.force_login(lead.user)
    page = client.get(_url("job_detail", job)).content.decode()
    assert "Download report.pdf" in page
    assert 'hx-trigger="every 2s"' not in page  # nothing left to wait for
    download = client.get(_url("job_download", job))
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content == b"%PDF-1.4\n"


def test_a_waiting_job_updates_itself(client, lead):
    job = _start(lead)
    job.__class__.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    client.force_login(lead.user)
    page = client.get(_url("job_detail", job)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    partial = client.get(_url("job_detail", job), headers={"HX-Request": "true"}).content.decode()
    assert 'id="job-status"' in partial
    assert "<h1" not in partial
    assert client.get(_url("job_download", job)).status_code == 404


def test_a_failed_job_shows_its_reason_and_the_lead_can_retry(client, lead):
    job = _start(lead, always_fail=True)
    client.force_login(lead.user)
    page = client.get(_url("job_detail", job)).content.decode()
    assert "The mail server did not answer." in page
    assert "Try again" in page
    listing = client.get(reverse("jobs:job_list", kwargs={"project_id": lead.project.public_id}))
    assert "The mail server did not answer." in listing.content.decode()


def test_an_observer_sees_the_failure_but_not_the_retry_button(client, lead):
    job = _start(lead, always_fail=True)
    observer = MembershipFactory(project=lead.project, role=ProjectRole.OBSERVER).user
    client.force_login(observer)
    page = client.get(_url("job_detail", job)).content.decode()
    assert "Try again" not in page
    assert "Ask the project lead" in page
    assert client.post(_url("job_retry", job)).status_code == 403


def test_a_job_needing_more_than_the_viewer_has_is_refused(client, lead):
    job = _start(lead, need=Need.EXPORT_PERSONAL_DATA, file=True)
    researcher = MembershipFactory(project=lead.project, role=ProjectRole.RESEARCHER).user
    client.force_login(researcher)
    assert client.get(_url("job_download", job)).status_code == 403
    assert client.get(_url("job_detail", job)).status_code == 403


def test_another_projects_job_is_not_found(client, lead):
    job = _start(lead, file=True)
    other = MembershipFactory(role=ProjectRole.LEAD)
    client.force_login(other.user)
    url = reverse(
        "jobs:job_download", kwargs={"project_id": other.project.public_id, "job_id": job.public_id}
    )
    assert client.get(url).status_code == 404


def test_the_leads_dashboard_says_when_work_failed(client, lead):
    _start(lead, always_fail=True)
    client.force_login(lead.user)
    dashboard = reverse("dashboard:project_dashboard", kwargs={"project_id": lead.project.public_id})
    assert "1 piece of background work failed" in client.get(dashboard).content.decode()
    researcher = MembershipFactory(project=lead.project, role=ProjectRole.RESEARCHER).user
    client.force_login(researcher)
    assert "background work failed" not in client.get(dashboard).content.decode()
