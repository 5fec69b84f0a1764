import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.services import audit_record
from coproduce.projects.models import Invitation, PhaseKind
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.selectors import (
    audit_action_list,
    invitation_get_by_token,
    invitation_list,
    invitee_has_account,
    member_list,
    phase_list,
    project_list_for_user,
)
from coproduce.projects.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    ProjectFactory,
    ProjectPhaseFactory,
)

pytestmark = pytest.mark.django_db


def test_project_list_for_user_shows_only_their_projects_with_their_role():
    user = UserFactory.create()
    beta = MembershipFactory.create(user=user, role=ProjectRole.OBSERVER, project__title="Beta").project
    alpha = MembershipFactory.create(user=user, role=ProjectRole.LEAD, project__title="Alpha").project
    ProjectFactory.create(title="Someone else's")

    projects = project_list_for_user(user=user)

    assert projects == [alpha, beta]
    assert [project.viewer_role for project in projects] == [ProjectRole.LEAD, ProjectRole.OBSERVER]


def test_project_list_for_user_is_empty_for_someone_in_no_project():
    assert project_list_for_user(user=UserFactory.create()) == []


def test_member_list_puts_leads_first_and_stays_in_the_project(project, member):
    observer = member(ProjectRole.OBSERVER)
    lead = member(ProjectRole.LEAD)
    researcher = member(ProjectRole.RESEARCHER)
    MembershipFactory.create()  # another project's member

    users = [membership.user for membership in member_list(project=project)]

    assert users == [lead, researcher, observer]


def test_invitation_list_open_only_leaves_out_used_withdrawn_and_expired(project):
    waiting = InvitationFactory.create(project=project)
    InvitationFactory.create(project=project, accepted_at=timezone.now())
    InvitationFactory.create(project=project, revoked_at=timezone.now())
    InvitationFactory.create(project=project, expires_at=timezone.now() - dt.timedelta(seconds=1))
    InvitationFactory.create()  # another project's

    assert list(invitation_list(project=project, open_only=True)) == [waiting]
    assert invitation_list(project=project).count() == 4


def test_invitation_get_by_token_finds_the_invitation():
    invitation = InvitationFactory.create()
    assert invitation_get_by_token(token=invitation.token) == invitation


def test_invitation_get_by_token_rejects_an_altered_token():
    invitation = InvitationFactory.create()
    with pytest.raises(signing.BadSignature):
        invitation_get_by_token(token=invitation.token[:-2] + "xx")


def test_invitation_get_by_token_reports_a_deleted_invitation():
    invitation = InvitationFactory.create()
    token = invitation.token
    invitation.delete()
    with pytest.raises(Invitation.DoesNotExist):
        invitation_get_by_token(token=token)


def test_invitee_has_account_ignores_case():
    UserFactory.create(email="sam@example.org")
    assert invitee_has_account(invitation=InvitationFactory.create(email="SAM@example.org"))
    assert not invitee_has_account(invitation=InvitationFactory.create(email="alex@example.org"))


def test_phase_list_is_in_phase_order(project):
    outputs = ProjectPhaseFactory.create(project=project, kind=PhaseKind.OUTPUTS, order=4)
    evidence = ProjectPhaseFactory.create(project=project, kind=PhaseKind.EVIDENCE, order=1)
    assert list(phase_list(project=project)) == [evidence, outputs]


def test_audit_action_list_gives_each_action_and_its_prefixes_for_this_project_only(project):
    audit_record(action="people.consent.withdrawn", by=None, project_id=project.pk)
    audit_record(action="people.consent.withdrawn", by=None, project_id=project.pk)
    audit_record(action="projects.project.updated", by=None, project_id=project.pk)
    audit_record(action="elsewhere.thing.done", by=None, project_id=ProjectFactory.create().pk)

    assert audit_action_list(project=project) == [
        "people",
        "people.consent",
        "people.consent.withdrawn",
        "projects",
        "projects.project",
        "projects.project.updated",
    ]
