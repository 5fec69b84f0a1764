import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError

from coproduce.accounts.models import User
from coproduce.accounts.services import user_create, user_set_password, user_update_profile
from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-unusual-passphrase"


def test_user_create_lowercases_email_and_audits(site_admin):
    user = user_create(
        email="  Ada.Lovelace@Example.ORG ", full_name="Ada Lovelace", password=GOOD_PASSWORD, by=site_admin
    )

    assert user.email == "ada.lovelace@example.org"
    assert user.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert (event.actor, event.project_id, event.object_id) == (site_admin, None, str(user.pk))
    assert "Ada" not in event.object_repr and "example.org" not in event.object_repr


def test_user_create_without_password_cannot_sign_in_yet():
    user = user_create(email="new@example.org", full_name="New Person", password=None, by=None)

    assert not user.has_usable_password()
    assert AuditEvent.objects.get(action="accounts.user.created").actor is None


@pytest.mark.parametrize("password", ["short", "password123", "1234567890123", "new@example.org"])
def test_user_create_rejects_weak_password(password):
    with pytest.raises(ValidationError):
        user_create(email="new@example.org", full_name="New Person", password=password, by=None)

    assert not User.objects.filter(email="new@example.org").exists()
    assert not AuditEvent.objects.exists()


def test_user_create_rejects_email_already_used_in_another_case():
    UserFactory.create(email="taken@example.org")

    with pytest.raises(ValidationError) as raised:
        user_create(email="TAKEN@example.org", full_name="Someone Else", password=None, by=None)

    assert "email" in raised.value.message_dict


def test_user_update_profile_records_changed_field_names_only():
    user = UserFactory.create(full_name="Grace Hopper", email="grace@example.org")

    user_update_profile(user=user, full_name="Grace Hopper", email="G.Hopper@Example.org", by=user)

    user.refresh_from_db()
    assert user.email == "g.hopper@example.org"
    event = AuditEvent.objects.get(action="accounts.user.updated")
    assert event.changes == {"fields": ["email"]}
    assert "hopper" not in str(event.changes).lower() + event.object_repr.lower()


def test_user_update_profile_without_changes_writes_nothing():
    user = UserFactory.create(full_name="Grace Hopper", email="grace@example.org")

    user_update_profile(user=user, full_name=" Grace Hopper ", email="grace@example.org", by=user)

    assert not AuditEvent.objects.filter(action="accounts.user.updated").exists()


def test_user_update_profile_rejects_email_of_another_account():
    UserFactory.create(email="taken@example.org")
    user = UserFactory.create(email="mine@example.org")

    with pytest.raises(ValidationError):
        user_update_profile(user=user, full_name=user.full_name, email="Taken@example.org", by=user)

    user.refresh_from_db()
    assert user.email == "mine@example.org"


@pytest.mark.parametrize(
    ("via_reset", "action"),
    [(False, "accounts.user.password_changed"), (True, "accounts.user.password_reset")],
)
def test_user_set_password_audits_the_way_it_was_set(via_reset, action):
    user = UserFactory.create()

    user_set_password(user=user, password=GOOD_PASSWORD, by=user, via_reset=via_reset)

    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    assert AuditEvent.objects.filter(action=action, object_id=str(user.pk)).count() == 1


@pytest.mark.parametrize(("via_reset", "attempts_left"), [(False, 1), (True, 0)])
def test_user_set_password_lifts_lock_out_only_after_reset(via_reset, attempts_left):
    # given a record of failed sign-ins for this account
    user = UserFactory.create(email="locked@example.org")
    AccessAttempt.objects.create(
        username="locked@example.org", ip_address="127.0.0.1", user_agent="", failures_since_start=5
    )

    user_set_password(user=user, password=GOOD_PASSWORD, by=user, via_reset=via_reset)

    assert AccessAttempt.objects.filter(username="locked@example.org").count() == attempts_left
