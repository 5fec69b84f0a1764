"""Writes of the projects app. Each service is atomic and records an audit row."""

from .projects import PhaseDates, phases_update, project_create, project_update
from .team import (
    LAST_LEAD,
    invitation_accept,
    invitation_accept_with_signup,
    invitation_create,
    invitation_link,
    invitation_revoke,
    membership_add,
    membership_change_role,
    membership_remove,
)

__all__ = [
    "LAST_LEAD",
    "PhaseDates",
    "invitation_accept",
    "invitation_accept_with_signup",
    "invitation_create",
    "invitation_link",
    "invitation_revoke",
    "membership_add",
    "membership_change_role",
    "membership_remove",
    "phases_update",
    "project_create",
    "project_update",
]
