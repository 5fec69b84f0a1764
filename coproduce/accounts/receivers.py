"""Audit rows for signing in and out.

Django's own login() and logout() emit `user_logged_in` and `user_logged_out`; no service of
ours runs on sign-in or sign-out, so listening to these two signals is the only place the
audit row can be written. This is the one signal receiver the project allows besides cache
invalidation.
"""

from typing import Any

from django.http import HttpRequest

from coproduce.core.services import audit_record

from .models import User
from .services import user_repr


def audit_signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit_record(action="accounts.user.signed_in", by=user, obj=user, object_repr=user_repr(user))


def audit_signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None:  # signing out when not signed in
        return
    audit_record(action="accounts.user.signed_out", by=user, obj=user, object_repr=user_repr(user))
