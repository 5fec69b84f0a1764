"""The mail outbox: where it is on (the demo's settings), each message sent is kept and shown to the project's
lead, as written (no quoted-printable wrapping) with clickable links; site staff see every project's and the
password resets. Where it is off (production, unless asked for) both pages are "Page not found" for everyone,
and nothing is kept. One project's lead never sees another project's mail."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from coproduce.accounts.tests.factories import UserFactory
from coproduce.jobs.checks import mail_outbox_check
from coproduce.jobs.models import OutboxMessage
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.services import invitation_create
from coproduce.projects.tests.factories import MembershipFactory
from tests.test_deploy_checks import ROOT, production_env

pytestmark = pytest.mark.django_db
LONG_TITLE = "Tackling fuel poverty together in the east of the city, with every partner at the table"


@pytest.fixture
def lead():
    return MembershipFactory(role=ProjectRole.LEAD, project__title=LONG_TITLE).user


@pytest.fixture
def project(lead):
    return lead.memberships.get().project


def _invite(project, lead, email="newcomer@example.org"):
    return invitation_create(
        project=project, email=email, role=ProjectRole.RESEARCHER, by=lead, base_url="http://127.0.0.1:8000/"
    )


def _outbox_url(project):
    return reverse("jobs:mail_outbox", kwargs={"project_id": project.public_id})


@override_settings(MAIL_OUTBOX=True)
def test_lead_reads_the_invitation_with_a_clickable_unwrapped_link(client, lead, project):
    _invite(project, lead)
    client.force_login(lead)
    response = client.get(_outbox_url(project))
    html = response.content.decode()
    assert response.status_code == 200
    (message,) = OutboxMessage.objects.all()
    assert message.to == "newcomer@example.org" and message.project == project
    link = next(word for word in message.body.split() if word.startswith("http://127.0.0.1:8000/"))
    assert f'<a href="{link}"' in html  # clickable, whole
    assert "=\n" not in html and "=3D" not in html  # no quoted-printable soft breaks or escapes
    assert LONG_TITLE in html  # the long line is not cut where a mail encoding would wrap it
    assert ">Mail outbox<" in html  # in the navigation


@override_settings(MAIL_OUTBOX=True)
def test_another_projects_lead_sees_neither_the_page_nor_the_message(client, lead, project):
    _invite(project, lead)
    other_lead = MembershipFactory(role=ProjectRole.LEAD).user
    client.force_login(other_lead)
    assert client.get(_outbox_url(project)).status_code == 404
    other = other_lead.memberships.get().project
    assert "newcomer@example.org" not in client.get(_outbox_url(other)).content.decode()
    assert client.get(reverse("mail_outbox_all")).status_code == 403


@override_settings(MAIL_OUTBOX=True)
@pytest.mark.parametrize("role", [ProjectRole.RESEARCHER, ProjectRole.FACILITATOR, ProjectRole.OBSERVER])
def test_members_who_are_not_the_lead_are_refused(client, lead, project, role):
    _invite(project, lead)
    member = MembershipFactory(role=role, project=project).user
    client.force_login(member)
    assert client.get(_outbox_url(project)).status_code == 403
    assert (
        ">Mail outbox<"
        not in client.get(reverse("dashboard:project_dashboard", args=[project.public_id])).content.decode()
    )


@override_settings(MAIL_OUTBOX=True)
def test_site_staff_see_every_project_and_the_password_resets(client, lead, project):
    _invite(project, lead)
    client.post(reverse("accounts:password_reset"), {"email": lead.email})
    client.force_login(UserFactory(is_staff=True))
    html = client.get(reverse("mail_outbox_all")).content.decode()
    assert "newcomer@example.org" in html and LONG_TITLE in html
    assert "Reset your" in html and "/accounts/password-reset/" in html
    assert ">Mail outbox<" in client.get(reverse("projects:project_list")).content.decode()


@override_settings(MAIL_OUTBOX=False)
def test_where_the_outbox_is_off_nothing_is_kept_and_nobody_reaches_it(client, lead, project):
    _invite(project, lead)
    assert not OutboxMessage.objects.exists()
    for user in (lead, UserFactory(is_staff=True, is_superuser=True)):
        client.force_login(user)
        assert client.get(_outbox_url(project)).status_code == 404
        assert client.get(reverse("mail_outbox_all")).status_code == 404
        assert ">Mail outbox<" not in client.get(reverse("projects:project_list")).content.decode()


@pytest.mark.parametrize(
    ("module", "on"), [("config.settings.production", False), ("config.settings.local", True)]
)
def test_only_the_demo_settings_keep_an_outbox_by_default(tmp_path, module, on):
    env = {key: value for key, value in production_env(tmp_path).items() if key != "MAIL_OUTBOX"}
    env["DJANGO_SETTINGS_MODULE"] = module
    script = "import django; django.setup(); from django.conf import settings; print(settings.MAIL_OUTBOX)"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == str(on), result.stderr


def test_the_deployment_check_warns_when_the_outbox_is_on():
    assert settings.MAIL_OUTBOX is False
    assert mail_outbox_check(None) == []
    with override_settings(MAIL_OUTBOX=True):
        assert [warning.id for warning in mail_outbox_check(None)] == ["jobs.W001"]


@override_settings(MAIL_OUTBOX=True)
def test_erasing_a_person_deletes_their_kept_messages(lead, project):
    from coproduce.jobs.email import email_queue, outbox_erase_for
    from coproduce.projects.permissions import Need

    for to, about in (("zeb@example.org", None), ("someone@example.org", 7), ("kept@example.org", None)):
        email_queue(
            to=to,
            subject="Hello",
            body="Text",
            project=project,
            need=Need.MANAGE_PEOPLE,
            by=lead,
            stakeholder_id=about,
        )
    outbox_erase_for(project_id=project.pk, address="ZEB@example.org ", stakeholder_id=7)
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["kept@example.org"]
