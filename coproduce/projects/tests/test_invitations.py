"""Invitations end to end: the emailed link, joining with or without an account, and dead links."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.tests.factories import UserFactory
from coproduce.projects.models import Invitation, Membership
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/projects/invitations/\S+/")
SIGNUP = {"full_name": "Sam Okafor", "password": "a-long-unusual-passphrase", "password_again": ""}
SIGNUP["password_again"] = SIGNUP["password"]


def accept_url(invitation: Invitation) -> str:
    return reverse("projects:invitation_accept", kwargs={"token": invitation.token})


def invite(client, project, email, role, capture) -> None:
    """Invite through the team pages as the signed-in lead."""
    with capture(execute=True):
        response = client.post(
            reverse("projects:invitation_create", kwargs={"project_id": project.public_id}),
            {"email": email, "role": role},
        )
    assert response.status_code == 302


def link_path(body: str) -> str:
    match = LINK.search(body)
    assert match, body
    return urlsplit(match.group(0)).path


def test_emailed_link_lets_a_new_person_set_up_an_account_and_join(
    client, project, lead, mailoutbox, django_capture_on_commit_callbacks
):
    # Given the lead invites someone with no account
    client.force_login(lead)
    invite(client, project, "sam@example.org", ProjectRole.RESEARCHER, django_capture_on_commit_callbacks)
    [email] = mailoutbox
    assert email.to == ["sam@example.org"]
    path = link_path(email.body)
    client.logout()

    # When they open the link, they are asked to set up an account
    page = client.get(path)
    assert page.status_code == 200
    assert "Create account and join" in page.text
    assert "sam@example.org" in page.text

    # And when they do, they are signed in, a member, and sent to the project
    response = client.post(path, SIGNUP)
    assert response.status_code == 302
    assert response.url == f"/p/{project.public_id}/"
    membership = Membership.objects.get(project=project, user__email="sam@example.org")
    assert membership.role == ProjectRole.RESEARCHER
    assert membership.user.full_name == "Sam Okafor"
    assert int(client.session["_auth_user_id"]) == membership.user.pk

    # Then the link cannot be used again
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.text


def test_signup_form_shows_errors_and_creates_nothing(client, project, django_user_model):
    invitation = InvitationFactory.create(project=project, email="sam@example.org")

    response = client.post(accept_url(invitation), {**SIGNUP, "password_again": "something else"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The passwords do not match" in response.text
    assert not django_user_model.objects.filter(email="sam@example.org").exists()


def test_someone_with_an_account_is_asked_to_sign_in_then_accepts(client, project):
    sam = UserFactory.create(email="sam@example.org")
    invitation = InvitationFactory.create(project=project, email="sam@example.org", role=ProjectRole.OBSERVER)
    url = accept_url(invitation)

    signed_out = client.get(url)
    assert signed_out.status_code == 200
    assert f"{reverse('accounts:login')}?next={url}" in signed_out.text.replace("%2F", "/").replace(
        "%3A", ":"
    )
    assert client.post(url, SIGNUP).status_code == 200  # no account is created over an existing one
    assert not Membership.objects.filter(project=project).exists()

    client.force_login(sam)
    assert "Accept invitation" in client.get(url).text
    response = client.post(url)

    assert response.status_code == 302
    assert response.url == f"/p/{project.public_id}/"
    assert Membership.objects.get(project=project, user=sam).role == ProjectRole.OBSERVER


def test_someone_signed_in_with_another_email_address_is_told_so(client, project):
    invitation = InvitationFactory.create(project=project, email="sam@example.org")
    client.force_login(UserFactory.create(email="alex@example.org"))

    page = client.get(accept_url(invitation))
    post = client.post(accept_url(invitation))

    assert page.status_code == post.status_code == 403
    assert "This invitation is for another email address" in page.text
    assert "sam@example.org" not in page.text
    assert not Membership.objects.filter(project=project).exists()


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_tampered_link_answers_400_and_changes_nothing(client, project, signed_in, django_user_model):
    invitation = InvitationFactory.create(project=project, email="sam@example.org")
    if signed_in:
        client.force_login(UserFactory.create(email="sam@example.org"))
    users = django_user_model.objects.count()
    tampered = reverse("projects:invitation_accept", kwargs={"token": invitation.token[:-3] + "abc"})

    page = client.get(tampered)
    post = client.post(tampered, SIGNUP)

    assert page.status_code == post.status_code == 400
    assert "This invitation link is not valid" in page.text
    assert not Membership.objects.filter(project=project).exists()
    assert django_user_model.objects.count() == users
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    "change, heading",
    [
        ({"expires_at": timezone.now() - dt.timedelta(minutes=1)}, "This invitation has expired"),
        ({"revoked_at": timezone.now()}, "This invitation has been withdrawn"),
        ({"accepted_at": timezone.now()}, "This invitation has already been used"),
    ],
)
def test_a_closed_invitation_answers_410_and_changes_nothing(
    client, project, change, heading, django_user_model
):
    invitation = InvitationFactory.create(project=project, email="sam@example.org", **change)

    page = client.get(accept_url(invitation))
    post = client.post(accept_url(invitation), SIGNUP)

    assert page.status_code == post.status_code == 410
    assert heading in page.text
    assert "ask the project lead to send you a new invitation" in page.text
    assert not django_user_model.objects.filter(email="sam@example.org").exists()
    assert not Membership.objects.filter(project=project).exists()


def test_an_expired_invitation_cannot_be_accepted_when_signed_in(client, project):
    sam = UserFactory.create(email="sam@example.org")
    expired = InvitationFactory.create(
        project=project, email=sam.email, expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    client.force_login(sam)

    assert client.post(accept_url(expired)).status_code == 410
    assert not Membership.objects.filter(project=project).exists()


def test_a_deleted_invitation_answers_410(client, project):
    invitation = InvitationFactory.create(project=project)
    url = accept_url(invitation)
    invitation.delete()
    assert client.get(url).status_code == 410


def test_a_withdrawn_invitation_link_stops_working(client, project, lead):
    invitation = InvitationFactory.create(project=project, email="sam@example.org")
    client.force_login(lead)
    client.post(
        reverse(
            "projects:invitation_revoke",
            kwargs={"project_id": project.public_id, "invitation_id": invitation.public_id},
        )
    )
    client.logout()
    assert client.get(accept_url(invitation)).status_code == 410


def test_the_last_lead_cannot_be_demoted_or_removed(client, project, lead):
    # Given a project whose only lead is signed in
    client.force_login(lead)
    own = Membership.objects.get(project=project, user=lead)
    kwargs = {"project_id": project.public_id, "membership_id": own.public_id}

    # When they try to make themselves an observer, or to leave
    demote = client.post(reverse("projects:membership_change_role", kwargs=kwargs), {"role": "observer"})
    remove = client.post(reverse("projects:membership_remove", kwargs=kwargs))

    # Then both are refused with a clear message, and they are still the lead
    for response in (demote, remove):
        assert response.status_code == 200
        assert "A project must always have at least one lead" in response.text
    own.refresh_from_db()
    assert own.role == ProjectRole.LEAD


def test_a_lead_can_step_down_once_there_is_another_lead(client, project, lead, member):
    member(ProjectRole.LEAD)
    client.force_login(lead)
    own = Membership.objects.get(project=project, user=lead)
    kwargs = {"project_id": project.public_id, "membership_id": own.public_id}

    response = client.post(reverse("projects:membership_remove", kwargs=kwargs))

    assert response.status_code == 302
    assert response.url == reverse("projects:project_list")
    assert not Membership.objects.filter(pk=own.pk).exists()
