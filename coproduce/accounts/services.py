"""Writes of the accounts app. Each one is atomic and leaves an audit row.

Audit rows about accounts name the account by its id ("User 12"), never by name or email.
"""

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock

from .models import User

EMAIL_TAKEN = "An account with this email address already exists"


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_email_free(*, email: str, exclude: User | None = None) -> None:
    others = User.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"email": EMAIL_TAKEN}, code="unique")


def user_repr(user: User) -> str:
    """How audit rows refer to an account: by id, so the trail holds no personal data."""
    return f"User {user.pk}"


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None, by: User | None) -> User:
    """Create an account. Without a password the account cannot sign in until a reset sets one."""
    email = _normalise_email(email)
    _check_email_free(email=email)
    user = User(email=email, full_name=full_name.strip())
    if password is not None:
        password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(action="accounts.user.created", by=by, obj=user, object_repr=user_repr(user))
    return user


@transaction.atomic
def user_update_profile(
    *, user: User, full_name: str, email: str, by: User, version: str | None = None
) -> User:
    """Change an account's name and email address. Records the names of the fields that changed.

    EditConflict, saving nothing, if the account changed since `version` (the form's)."""
    new_values = {"full_name": full_name.strip(), "email": _normalise_email(email)}
    record_lock(user, version=version, values=new_values)
    if new_values["email"] != user.email:
        _check_email_free(email=new_values["email"], exclude=user)
    changed = fields_assign(user, new_values)
    if not changed:
        return user
    user.save(update_fields=changed)
    audit_record(
        action="accounts.user.updated",
        by=by,
        obj=user,
        object_repr=user_repr(user),
        changes={"fields": changed},
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, by: User, via_reset: bool = False) -> User:
    """Set a new password, after a change by the user or a reset through an emailed link.

    A reset proves the person controls the account's email address, so it also lifts a
    lock-out from repeated failed sign-ins.
    """
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if via_reset:
        axes_reset(username=user.email)
    action = "accounts.user.password_reset" if via_reset else "accounts.user.password_changed"
    audit_record(action=action, by=by, obj=user, object_repr=user_repr(user))
    return user


@transaction.atomic
def user_admin_change_record(*, user: User, by: User, fields: list[str]) -> None:
    """Record a change a site admin made to an account on the site admin pages (status, rights, password)."""
    audit_record(
        action="accounts.user.changed_by_site_admin",
        by=by,
        obj=user,
        object_repr=user_repr(user),
        changes={"fields": sorted(fields)},
    )
