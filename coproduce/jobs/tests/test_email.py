"""Every email is a job of its own: queued in the caller's transaction, delivered by the worker, tried again
when the mail server cannot be reached, shown to the lead (masked) when it fails, and sent again on retry."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from coproduce.accounts.tests.factories import UserFactory
from coproduce.jobs.email import REFUSED, UNREACHABLE, address_mask, email_queue
from coproduce.jobs.models import Job, JobStatus
from coproduce.projects.email import ProjectEmail
from coproduce.projects.permissions import Need, ProjectRole
from coproduce.projects.services import invitation_create
from coproduce.projects.tests.factories import MembershipFactory

from .mail_servers import flaky_server

pytestmark = pytest.mark.django_db
SECRET = "token-4f9a1c"  # stands for a personal link in a message's text


@pytest.fixture
def lead():
    return MembershipFactory(role=ProjectRole.LEAD)


def _queue(lead, to="jo@example.org", **extra):
    return email_queue(
        to=to, subject="Your personal link", body=f"Follow https://x.test/c/{SECRET}/ to choose.",
        project=lead.project, need=Need.RECORD_CONSENT, by=lead.user, **extra,
    )  # fmt: skip


def _url(name, job):
    return reverse(f"jobs:{name}", kwargs={"project_id": job.project.public_id, "job_id": job.public_id})


@pytest.mark.parametrize(
    ("address", "masked"),
    [("jo@example.org", "j•••@example.org"), ("Z@b.c", "Z•••@b.c"), ("no-at-sign", "•••"), ("", "•••")],
)
def test_address_mask_keeps_the_first_letter_and_the_domain(address, masked):
    assert address_mask(address) == masked


def test_a_queued_message_is_delivered_and_then_forgotten(lead):
    job = _queue(lead, stakeholder_id=7)

    job.refresh_from_db()
    assert (job.kind, job.status, job.attempts) == ("email", JobStatus.SUCCEEDED, 1)
    [message] = mail.outbox
    assert message.to == ["jo@example.org"] and message.subject == "Your personal link"
    assert SECRET in message.body and message.from_email == "coproduce <no-reply@localhost>"
    # What stays is the masked address and the subject, nothing that says who it went to or what it said
    assert job.arguments == {}
    assert job.label == "Email to j•••@example.org: Your personal link"
    assert job.result["summary"] == {"message": "Sent to j•••@example.org"}


def test_a_message_is_queued_in_the_callers_transaction():
    dummy = {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "email"]}
    lead = MembershipFactory(role=ProjectRole.LEAD)

    class Abandoned(Exception):
        pass

    with override_settings(TASKS={"default": dummy}):
        with pytest.raises(Abandoned), transaction.atomic():
            invitation_create(
                project=lead.project, email="sam@example.org", role=ProjectRole.OBSERVER, by=lead.user
            )
            raise Abandoned
        assert not Job.objects.exists()

        # A committed invitation leaves its email waiting for the worker, as a job the team managers see
        invitation_create(
            project=lead.project, email="sam@example.org", role=ProjectRole.OBSERVER, by=lead.user
        )
    job = Job.objects.get()
    assert (job.project, job.kind, job.need, job.created_by) == (
        lead.project,
        "email",
        "manage_team",
        lead.user,
    )
    assert job.status == JobStatus.QUEUED and job.arguments["to"] == "sam@example.org"
    assert (
        job.label == f"Email to s•••@example.org: You are invited to join {lead.project.title} on coproduce"
    )
    assert mail.outbox == []


def test_a_server_that_cannot_be_reached_is_tried_three_times_and_the_message_kept(lead):
    with flaky_server(down_for=3) as server:
        job = _queue(lead)

    job.refresh_from_db()
    assert (job.status, job.attempts, server.attempts) == (JobStatus.FAILED, 3, 3)
    assert job.error == f"{UNREACHABLE}."
    assert job.arguments["to"] == "jo@example.org" and SECRET in job.arguments["body"]  # kept for a retry
    assert mail.outbox == []


def test_a_server_back_before_the_last_attempt_delivers_the_message(lead):
    with flaky_server(down_for=2):
        job = _queue(lead)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.arguments) == (JobStatus.SUCCEEDED, 3, {})
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]


def test_a_refused_address_is_not_tried_again_and_the_reason_names_no_address(lead):
    with flaky_server() as server:
        job = _queue(lead, to="jo@refused.example")

    job.refresh_from_db()
    assert (job.status, job.attempts, server.attempts) == (JobStatus.FAILED, 1, 1)
    assert job.error == f"{REFUSED} (550)."
    assert "jo@" not in job.error and "jo@" not in job.label


def test_each_recipient_is_a_message_of_its_own_and_one_failure_stops_no_other(lead):
    # Django's mail API goes through the queue too: one job per recipient, each addressed to them alone
    with flaky_server():
        sent = send_mail("Hello", "Body", None, ["a@example.org", "b@refused.example", "c@example.org"])

    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    jobs = {job.label: job for job in Job.objects.all()}
    assert jobs["Email to b•••@refused.example: Hello"].status == JobStatus.FAILED
    assert jobs["Email to a•••@example.org: Hello"].status == JobStatus.SUCCEEDED
    assert all(job.project is None for job in jobs.values())


def test_a_project_email_from_below_the_jobs_layer_is_a_job_of_its_project(lead):
    ProjectEmail(
        project=lead.project,
        need=Need.MANAGE_TEAM,
        by=lead.user,
        to="sam@example.org",
        subject="Hi",
        body="Text",
    ).send()

    job = Job.objects.get()
    assert (job.project, job.need, job.created_by, job.status) == (
        lead.project, "manage_team", lead.user, JobStatus.SUCCEEDED,
    )  # fmt: skip
    assert mail.outbox[0].body == "Text"


def test_html_alternatives_are_delivered_and_attachments_are_refused():
    message = EmailMultiAlternatives("Hi", "Text", None, ["a@example.org"])
    message.attach_alternative("<p>Text</p>", "text/html")
    message.send()
    [delivered] = mail.outbox
    assert isinstance(delivered, EmailMultiAlternatives)
    assert [tuple(a) for a in delivered.alternatives] == [("<p>Text</p>", "text/html")]

    with_file = EmailMultiAlternatives("Hi", "Text", None, ["a@example.org"])
    with_file.attach("notes.txt", "x", "text/plain")
    with pytest.raises(ValueError, match="attachments"):
        with_file.send()
    assert Job.objects.count() == 1


def test_an_address_that_is_not_one_queues_nothing(lead):
    with pytest.raises(ValidationError, match="not an email address"):
        _queue(lead, to="jo@example.org\nBcc: everyone@example.org")
    assert not Job.objects.exists()


def test_the_lead_sees_a_failed_email_masked_with_its_reason_and_never_its_text(client, lead):
    with flaky_server(down_for=3):
        job = _queue(lead)
    client.force_login(lead.user)

    for page in (
        client.get(reverse("jobs:job_list", args=[lead.project.public_id])),
        client.get(_url("job_detail", job)),
    ):
        text = page.content.decode()
        assert "Email to j•••@example.org: Your personal link" in text
        assert UNREACHABLE in text
        assert SECRET not in text and "jo@example.org" not in text
    dashboard = client.get(reverse("dashboard:project_dashboard", args=[lead.project.public_id]))
    assert "1 piece of background work failed" in dashboard.content.decode()


def test_the_lead_retries_a_failed_email_and_the_same_message_is_sent(client, lead):
    with flaky_server(down_for=3):
        job = _queue(lead)
    client.force_login(lead.user)

    response = client.post(_url("job_retry", job))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.arguments, job.error) == (JobStatus.SUCCEEDED, {}, "")
    [message] = mail.outbox
    assert (message.to, message.subject) == (["jo@example.org"], "Your personal link")
    assert message.body == f"Follow https://x.test/c/{SECRET}/ to choose."


def test_a_password_reset_email_goes_through_the_queue(client):
    UserFactory.create(email="rita@example.org")

    with flaky_server(down_for=3):
        response = client.post(reverse("accounts:password_reset"), {"email": "rita@example.org"})

    # The page does not wait for the mail server; the message waits to be tried again, belonging to no project
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.project, job.status, job.error) == (None, JobStatus.FAILED, f"{UNREACHABLE}.")
    assert job.label == "Email to r•••@example.org: Reset your coproduce password"
    assert "/accounts/password-reset/" in job.arguments["body"]
    assert mail.outbox == []

    client.post(reverse("accounts:password_reset"), {"email": "rita@example.org"})
    assert [j.arguments for j in Job.objects.filter(status=JobStatus.SUCCEEDED)] == [{}]
    assert mail.outbox[0].to == ["rita@example.org"]
