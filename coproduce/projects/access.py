"""The one access helper: every view that shows project data goes through `access_project`."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Project
from .permissions import Need, ProjectRole


def access_project(
    user: AbstractBaseUser | AnonymousUser, project_id: uuid.UUID | str, *, need: Need = Need.VIEW_PROJECT
) -> Project:
    """Return the project if `user` is a member whose role allows `need`.

    A project the user does not belong to answers 404, so its existence is not revealed;
    a member without the right answers 403.
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404("No such project.")
    membership = (
        Membership.objects.select_related("project")
        .filter(project__public_id=project_id, user_id=user.pk)
        .first()
    )
    if membership is None:
        raise Http404("No such project.")
    role = ProjectRole(membership.role)
    if not role.allows(need):
        raise PermissionDenied(f"Your role ({role.label}) cannot do this in this project.")
    project = membership.project
    project.viewer_role = role
    return project
