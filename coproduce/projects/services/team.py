"""The team: memberships, roles, and the emailed invitations that add people to a project.

Invariant: a project always keeps at least one lead, so someone can always manage its team.
"""

import datetime as dt
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.accounts.services import user_create, user_repr
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.projects.permissions import Need

from ..email import ProjectEmail
from ..models import Invitation, InvitationStatus, Membership, Project
from ..permissions import ProjectRole

LAST_LEAD = "A project must always have at least one lead. Make someone else a lead first."
CLOSED = {
    InvitationStatus.ACCEPTED: "This invitation has already been used.",
    InvitationStatus.REVOKED: "This invitation has been withdrawn.",
    InvitationStatus.EXPIRED: "This invitation has expired.",
}


def _membership_repr(membership: Membership) -> str:
    return f"{user_repr(membership.user)} as {ProjectRole(membership.role).label}"


def _check_another_lead(membership: Membership) -> None:
    """Refuse to take away the lead role from the project's last lead."""
    leads = Membership.objects.select_for_update().filter(
        project_id=membership.project_id, role=ProjectRole.LEAD
    )
    if set(leads.values_list("pk", flat=True)) <= {membership.pk}:
        raise ValidationError(LAST_LEAD, code="last_lead")


@transaction.atomic
def membership_add(*, project: Project, user: User, role: ProjectRole, by: User | None) -> Membership:
    """Make `user` a member of `project` with `role`."""
    membership = Membership.objects.create(project=project, user=user, role=role)
    audit_record(
        action="projects.membership.added",
        by=by,
        obj=membership,
        project_id=project.pk,
        object_repr=_membership_repr(membership),
    )
    return membership


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: ProjectRole, by: User, version: str | None = None
) -> Membership:
    """Give a member another role; the last lead cannot be given a different one.

    EditConflict, changing nothing, if someone changed the membership since `version` (the form's)."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    record_lock(membership, version=version, values={"role": role.value})
    old = ProjectRole(membership.role)
    if old == role:
        return membership
    if old == ProjectRole.LEAD:
        _check_another_lead(membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        action="projects.membership.role_changed",
        by=by,
        obj=membership,
        project_id=membership.project_id,
        object_repr=_membership_repr(membership),
        changes={"role": [old.value, role.value]},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Take someone off the team; the last lead cannot be removed."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.role == ProjectRole.LEAD:
        _check_another_lead(membership)
    audit_record(
        action="projects.membership.removed",
        by=by,
        obj=membership,
        project_id=membership.project_id,
        object_repr=_membership_repr(membership),
    )
    membership.delete()


def _invitation_repr(invitation: Invitation) -> str:
    return f"{invitation.email} as {ProjectRole(invitation.role).label}"


def _invitation_close(invitation: Invitation, *, by: User, now: dt.datetime) -> None:
    invitation.revoked_at = now
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        action="projects.invitation.revoked",
        by=by,
        obj=invitation,
        project_id=invitation.project_id,
        object_repr=_invitation_repr(invitation),
    )


def invitation_link(invitation: Invitation, *, base_url: str | None = None) -> str:
    """The absolute address of the page where the invitation is accepted."""
    path = reverse("projects:invitation_accept", kwargs={"token": invitation.token})
    site_url = base_url or settings.SITE_URL
    return urljoin(site_url, path)


def _invitation_send(invitation: Invitation, link: str, *, by: User) -> None:
    """Queue the invitation's email (a job of the project: the team's managers see if it fails)."""
    context = {
        "invitation": invitation,
        "project": invitation.project,
        "link": link,
        "site_name": settings.SITE_NAME,
    }
    subject = render_to_string("projects/email/invitation_subject.txt", context).strip()
    body = render_to_string("projects/email/invitation.txt", context)
    ProjectEmail(
        project=invitation.project,
        need=Need.MANAGE_TEAM,
        by=by,
        to=invitation.email,
        subject=subject,
        body=body,
    ).send()


@transaction.atomic
def invitation_create(
    *, project: Project, email: str, role: ProjectRole, by: User, base_url: str | None = None
) -> Invitation:
    """Invite `email` to join with `role` and queue an email of the link; an earlier open invitation is
    withdrawn.

    `base_url` (e.g. "https://coproduce.example.org/") makes the emailed link absolute.
    """
    email = email.strip().lower()
    if project.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of this project.", code="already_member")
    now = timezone.now()
    earlier = project.invitations.select_for_update().filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    for old in earlier:
        _invitation_close(old, by=by, now=now)
    invitation = Invitation.objects.create(
        project=project,
        email=email,
        role=role,
        invited_by=by,
        expires_at=now + dt.timedelta(days=settings.PERSONAL_LINK_MAX_AGE_DAYS),
    )
    audit_record(
        action="projects.invitation.created",
        by=by,
        obj=invitation,
        project_id=project.pk,
        object_repr=_invitation_repr(invitation),
    )
    link = invitation_link(invitation, base_url=base_url)
    _invitation_send(invitation, link, by=by)
    return invitation


def _lock_open(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("project").get(pk=invitation.pk)
    if invitation.status in CLOSED:
        raise ValidationError(CLOSED[invitation.status], code=invitation.status.value)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw an invitation that has not been used, so its link stops working."""
    invitation = _lock_open(invitation)
    _invitation_close(invitation, by=by, now=timezone.now())
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Make `user`, whose email address the invitation was sent to, a member of the project.

    Someone who is already a member keeps their current role.
    """
    invitation = _lock_open(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError("This invitation is for another email address.", code="wrong_email")
    membership = Membership.objects.filter(project_id=invitation.project_id, user=user).first()
    if membership is None:
        role = ProjectRole(invitation.role)
        membership = membership_add(project=invitation.project, user=user, role=role, by=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        action="projects.invitation.accepted",
        by=user,
        obj=invitation,
        project_id=invitation.project_id,
        object_repr=_invitation_repr(invitation),
    )
    return membership


@transaction.atomic
def invitation_accept_with_signup(*, invitation: Invitation, full_name: str, password: str) -> Membership:
    """Create an account for the invited email address and accept the invitation with it, in one step."""
    user = user_create(email=invitation.email, full_name=full_name, password=password, by=None)
    return invitation_accept(invitation=invitation, user=user)
