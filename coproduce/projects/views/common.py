"""Small pieces every projects view module uses."""

from django.http import HttpRequest

from coproduce.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that `login_required` has let through."""
    user = request.user
    assert isinstance(user, User), "Use login_required before signed_in_user."  # noqa: S101 narrows the type; never false when the code is right
    return user


def site_root(request: HttpRequest) -> str:
    """The site's address as this request reached it, to make emailed links absolute."""
    return request.build_absolute_uri("/")
