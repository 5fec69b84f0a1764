"""Reads of the projects app: a user's projects, the team, invitations, phases and audit actions."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import AuditEvent
from coproduce.core.tokens import public_id_from_token

from .models import INVITATION_TOKEN_SALT, Invitation, Membership, Project, ProjectPhase
from .permissions import ProjectRole

_ROLE_ORDER = Case(
    *(When(role=role.value, then=Value(position)) for position, role in enumerate(ProjectRole)),
    output_field=IntegerField(),
)


def project_list_for_user(*, user: AbstractBaseUser) -> list[Project]:
    """The projects `user` belongs to, by title, each with `viewer_role` set to the user's role."""
    memberships = Membership.objects.filter(user_id=user.pk).select_related("project")
    projects = []
    for membership in memberships.order_by("project__title", "project__pk"):
        project = membership.project
        project.viewer_role = ProjectRole(membership.role)
        projects.append(project)
    return projects


def member_list(*, project: Project) -> QuerySet[Membership]:
    """The team: leads first, then by role and name."""
    return (
        Membership.objects.filter(project=project)
        .select_related("user")
        .alias(role_order=_ROLE_ORDER)
        .order_by("role_order", "user__full_name", "user__email")
    )


def invitation_list(*, project: Project, open_only: bool = False) -> QuerySet[Invitation]:
    """Invitations to `project`, newest first; `open_only` keeps those that can still be accepted."""
    invitations = Invitation.objects.filter(project=project).select_related("invited_by")
    if open_only:
        invitations = invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
    return invitations


def invitation_get_by_token(*, token: str) -> Invitation:
    """The invitation an emailed link names.

    Raises `signing.BadSignature` for a token that was not issued here (altered or mistyped),
    and `Invitation.DoesNotExist` when the invitation has since been deleted.
    """
    if (public_id := public_id_from_token(token, salt=INVITATION_TOKEN_SALT)) is None:
        raise signing.BadSignature("This invitation link was not issued here.")
    return Invitation.objects.select_related("project", "invited_by").get(public_id=public_id)


def invitee_has_account(*, invitation: Invitation) -> bool:
    return User.objects.filter(email__iexact=invitation.email).exists()


def phase_list(*, project: Project) -> QuerySet[ProjectPhase]:
    return ProjectPhase.objects.filter(project=project).order_by("order")


def audit_action_list(*, project: Project) -> list[str]:
    """Every action in the project's audit trail, with each dotted prefix ("people", "people.consent")."""
    actions = (
        AuditEvent.objects.filter(project_id=project.pk)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    prefixes: set[str] = set()
    for action in actions:
        parts = action.split(".")
        prefixes.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return sorted(prefixes)


def member_role(*, project_id: int, user: AbstractBaseUser) -> ProjectRole | None:
    """`user`'s role in the project, or None when they are not on its team."""
    role = (
        Membership.objects.filter(project_id=project_id, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return ProjectRole(role) if role is not None else None
