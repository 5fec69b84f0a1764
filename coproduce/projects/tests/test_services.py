import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.models import AuditEvent
from coproduce.projects.models import Invitation, Membership, PhaseKind, ProjectPhase
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.services import (
    LAST_LEAD,
    PhaseDates,
    invitation_accept,
    invitation_accept_with_signup,
    invitation_create,
    invitation_revoke,
    membership_change_role,
    membership_remove,
    phases_update,
    project_create,
    project_update,
)
from coproduce.projects.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

DETAILS: dict[str, Any] = {
    "title": "Working together in Northfield",
    "summary": "How can sectors work together?",
    "place": "Birmingham",
    "research_questions": ["What helps?", "What gets in the way?"],
    "ethics_reference": "ETH-2026-041",
    "retention_until": dt.date(2028, 3, 31),
    "lawful_basis": "Public task",
}


def actions(project) -> list[str]:
    return list(
        AuditEvent.objects.filter(project_id=project.pk).order_by("id").values_list("action", flat=True)
    )


def test_project_create_adds_four_phases_in_order_and_the_creator_as_lead():
    admin = UserFactory.create(is_staff=True)

    project = project_create(**DETAILS, by=admin)

    assert project.research_questions == ["What helps?", "What gets in the way?"]
    assert project.created_by == admin
    kinds = list(project.phases.order_by("order").values_list("kind", flat=True))
    assert kinds == [PhaseKind.EVIDENCE, PhaseKind.INTERVIEWS, PhaseKind.WORKSHOPS, PhaseKind.OUTPUTS]
    assert Membership.objects.get(project=project).user == admin
    assert actions(project) == ["projects.project.created", "projects.membership.added"]


def test_project_create_can_invite_a_lead_instead_of_the_creator(mailoutbox):
    admin = UserFactory.create(is_staff=True)

    project = project_create(
        **DETAILS,
        by=admin,
        add_creator_as_lead=False,
        lead_email="Lead@Example.org",
        base_url="https://x.test/",
    )

    assert not project.memberships.exists()
    invitation = project.invitations.get()
    assert (invitation.email, invitation.role) == ("lead@example.org", ProjectRole.LEAD)
    assert len(mailoutbox) == 1
    # The email is a job of the project: the audit trail names it by its masked address
    assert actions(project) == ["projects.project.created", "projects.invitation.created", "jobs.job.started"]
    assert AuditEvent.objects.get(action="jobs.job.started").object_repr.startswith(
        "Email to l•••@example.org"
    )


def test_project_update_records_changed_fields_with_old_and_new_values(project, lead):
    # Given a project with a retention date
    old_date = project.retention_until
    details = {**DETAILS, "title": project.title, "summary": project.summary, "place": project.place}
    details["research_questions"] = project.research_questions

    # When the lead changes the date and the ethics reference
    project_update(project=project, by=lead, **details)

    # Then one audit row names exactly those fields, with readable values
    event = AuditEvent.objects.get(action="projects.project.updated")
    assert event.changes == {
        "ethics_reference": ["", "ETH-2026-041"],
        "retention_until": [old_date.isoformat(), "2028-03-31"],
        "lawful_basis": ["", "Public task"],
    }
    project.refresh_from_db()
    assert project.retention_until == dt.date(2028, 3, 31)


def test_project_update_without_changes_records_nothing(project, lead):
    fields = ["title", "summary", "place", "research_questions", "ethics_reference", "retention_until"]
    project_update(
        project=project, by=lead, lawful_basis="", **{name: getattr(project, name) for name in fields}
    )
    assert not AuditEvent.objects.filter(action="projects.project.updated").exists()


def test_phases_update_sets_dates_and_audits_each_changed_phase(lead):
    project = project_create(**DETAILS, by=lead)
    dates = [
        PhaseDates(
            kind=PhaseKind.EVIDENCE, planned_start=dt.date(2027, 1, 4), planned_end=dt.date(2027, 3, 1)
        ),
        PhaseDates(kind=PhaseKind.INTERVIEWS),
    ]

    phases = phases_update(project=project, phases=dates, by=lead)

    evidence = project.phases.get(kind=PhaseKind.EVIDENCE)
    assert (evidence.planned_start, evidence.planned_end) == (dt.date(2027, 1, 4), dt.date(2027, 3, 1))
    assert [phase.kind for phase in phases][:2] == [PhaseKind.EVIDENCE, PhaseKind.INTERVIEWS]
    event = AuditEvent.objects.get(action="projects.phase.updated")
    assert event.object_repr == "Evidence review"
    assert event.changes["planned_start"] == [None, "2027-01-04"]


def test_phases_update_refuses_an_end_before_the_start(lead):
    project = project_create(**DETAILS, by=lead)
    backwards = PhaseDates(
        kind=PhaseKind.OUTPUTS, actual_start=dt.date(2027, 5, 2), actual_end=dt.date(2027, 5, 1)
    )

    with pytest.raises(ValidationError, match="Framework and recommendations"):
        phases_update(project=project, phases=[backwards], by=lead)

    assert project.phases.get(kind=PhaseKind.OUTPUTS).actual_start is None


def test_phases_update_adds_a_phase_the_project_lacks(project, lead):
    phases_update(project=project, phases=[PhaseDates(kind=PhaseKind.WORKSHOPS)], by=lead)
    assert ProjectPhase.objects.get(project=project).order == 3


def test_membership_change_role_refuses_to_demote_the_last_lead(project, lead):
    membership = Membership.objects.get(user=lead)

    with pytest.raises(ValidationError) as refused:
        membership_change_role(membership=membership, role=ProjectRole.OBSERVER, by=lead)

    assert refused.value.messages == [LAST_LEAD]
    membership.refresh_from_db()
    assert membership.role == ProjectRole.LEAD


def test_membership_change_role_demotes_a_lead_when_another_remains(project, lead, member):
    member(ProjectRole.LEAD)
    membership = Membership.objects.get(user=lead)

    membership_change_role(membership=membership, role=ProjectRole.RESEARCHER, by=lead)

    membership.refresh_from_db()
    assert membership.role == ProjectRole.RESEARCHER
    event = AuditEvent.objects.get(action="projects.membership.role_changed")
    assert event.changes == {"role": ["lead", "researcher"]}
    # The audit row names the account by id, never by name or email.
    assert lead.full_name not in event.object_repr and lead.email not in event.object_repr


def test_membership_remove_refuses_to_remove_the_last_lead(project, lead):
    with pytest.raises(ValidationError):
        membership_remove(membership=Membership.objects.get(user=lead), by=lead)
    assert Membership.objects.filter(user=lead).exists()


def test_membership_remove_removes_and_audits(project, lead, member):
    observer = Membership.objects.get(user=member(ProjectRole.OBSERVER))

    membership_remove(membership=observer, by=lead)

    assert not Membership.objects.filter(pk=observer.pk).exists()
    assert AuditEvent.objects.get(action="projects.membership.removed").object_repr.endswith("as Observer")


def test_invitation_create_emails_an_absolute_link_that_expires(project, lead, settings, mailoutbox):
    settings.PERSONAL_LINK_MAX_AGE_DAYS = 14

    invitation = invitation_create(
        project=project,
        email=" Sam@Example.org ",
        role=ProjectRole.RESEARCHER,
        by=lead,
        base_url="https://x.test/",
    )

    assert invitation.email == "sam@example.org"
    expected = timezone.now() + dt.timedelta(days=14)
    assert abs(invitation.expires_at - expected) < dt.timedelta(minutes=1)
    [email] = mailoutbox
    assert email.to == ["sam@example.org"]
    assert f"https://x.test/projects/invitations/{invitation.token}/" in email.body
    assert project.title in email.subject
    event = AuditEvent.objects.get(action="projects.invitation.created")
    assert event.object_repr == "sam@example.org as Researcher"


def test_invitation_create_refuses_someone_already_in_the_team(project, lead):
    with pytest.raises(ValidationError, match="already a member"):
        invitation_create(project=project, email=lead.email.upper(), role=ProjectRole.OBSERVER, by=lead)


def test_invitation_create_withdraws_an_earlier_open_invitation(project, lead):
    earlier = InvitationFactory.create(project=project, email="sam@example.org")

    invitation_create(project=project, email="sam@example.org", role=ProjectRole.OBSERVER, by=lead)

    earlier.refresh_from_db()
    assert earlier.revoked_at is not None
    assert Invitation.objects.filter(project=project, email="sam@example.org").count() == 2


def test_invitation_revoke_closes_the_invitation_once(project, lead):
    invitation = InvitationFactory.create(project=project)

    invitation_revoke(invitation=invitation, by=lead)

    invitation.refresh_from_db()
    assert not invitation.is_open
    assert AuditEvent.objects.filter(action="projects.invitation.revoked").count() == 1
    with pytest.raises(ValidationError, match="withdrawn"):
        invitation_revoke(invitation=invitation, by=lead)


def test_invitation_accept_adds_the_member_with_the_invited_role(project):
    invitation = InvitationFactory.create(
        project=project, email="sam@example.org", role=ProjectRole.FACILITATOR
    )
    sam = UserFactory.create(email="sam@example.org")

    membership = invitation_accept(invitation=invitation, user=sam)

    assert (membership.project, membership.user, membership.role) == (project, sam, ProjectRole.FACILITATOR)
    invitation.refresh_from_db()
    assert invitation.accepted_by == sam and invitation.accepted_at is not None
    assert actions(project) == ["projects.membership.added", "projects.invitation.accepted"]


def test_invitation_accept_keeps_the_role_of_someone_already_in_the_team(project, lead):
    invitation = InvitationFactory.create(project=project, email=lead.email, role=ProjectRole.OBSERVER)
    membership = invitation_accept(invitation=invitation, user=lead)
    assert membership.role == ProjectRole.LEAD


@pytest.mark.parametrize(
    "change, message",
    [
        ({"expires_at": timezone.now() - dt.timedelta(minutes=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "withdrawn"),
        ({"accepted_at": timezone.now()}, "already been used"),
    ],
)
def test_invitation_accept_refuses_a_closed_invitation(project, change, message):
    invitation = InvitationFactory.create(project=project, email="sam@example.org", **change)
    with pytest.raises(ValidationError, match=message):
        invitation_accept(invitation=invitation, user=UserFactory.create(email="sam@example.org"))
    assert not Membership.objects.filter(project=project).exists()


def test_invitation_accept_refuses_another_email_address(project):
    invitation = InvitationFactory.create(project=project, email="sam@example.org")
    with pytest.raises(ValidationError, match="another email"):
        invitation_accept(invitation=invitation, user=UserFactory.create(email="alex@example.org"))


def test_invitation_accept_with_signup_creates_the_account_and_membership(project):
    invitation = InvitationFactory.create(
        project=project, email="sam@example.org", role=ProjectRole.RESEARCHER
    )

    membership = invitation_accept_with_signup(
        invitation=invitation, full_name="Sam Okafor", password="a-long-unusual-passphrase"
    )

    assert membership.user.email == "sam@example.org"
    assert membership.user.check_password("a-long-unusual-passphrase")
    assert membership.role == ProjectRole.RESEARCHER


def test_invitation_accept_with_signup_creates_no_account_for_a_closed_invitation(project, django_user_model):
    invitation = InvitationFactory.create(project=project, email="sam@example.org", revoked_at=timezone.now())
    with pytest.raises(ValidationError):
        invitation_accept_with_signup(
            invitation=invitation, full_name="Sam", password="a-long-unusual-passphrase"
        )
    assert not django_user_model.objects.filter(email="sam@example.org").exists()
