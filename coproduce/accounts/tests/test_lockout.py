"""django-axes locks an email address out after 5 failed sign-ins (settings: AXES_*)."""

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from coproduce.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5
LOCKED_TEXT = "Too many failed sign-in attempts"


def sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def fail(client, email, times):
    return [sign_in(client, email, "wrong-password") for _ in range(times)]


def test_lockout_after_five_failures_even_with_right_password(client):
    UserFactory.create(email="kim@example.org")

    responses = fail(client, "kim@example.org", LIMIT)
    sixth = sign_in(client, "kim@example.org", PASSWORD)

    assert [r.status_code for r in responses[:-1]] == [200] * (LIMIT - 1)
    assert responses[-1].status_code == 429
    assert sixth.status_code == 429
    html = sixth.content.decode()
    assert LOCKED_TEXT in html
    assert "Try again in 15 minutes" in html
    assert reverse("accounts:password_reset") in html
    assert not get_user(client).is_authenticated


def test_lockout_counts_the_address_however_it_is_typed(client):
    UserFactory.create(email="kim@example.org")

    fail(client, "KIM@example.org", LIMIT - 1)
    response = sign_in(client, " Kim@Example.org", "wrong-password")

    assert response.status_code == 429


def test_lockout_for_unknown_address_looks_the_same(client):
    responses = fail(client, "nobody@example.org", LIMIT)

    assert responses[-1].status_code == 429
    assert LOCKED_TEXT in responses[-1].content.decode()


def test_lockout_of_one_account_leaves_others_alone(client):
    UserFactory.create(email="kim@example.org")
    other = UserFactory.create(email="lee@example.org")
    fail(client, "kim@example.org", LIMIT)

    response = sign_in(client, "lee@example.org", PASSWORD)

    assert response.status_code == 302
    assert get_user(client).pk == other.pk


def test_lockout_count_resets_after_successful_sign_in(client):
    user = UserFactory.create(email="kim@example.org")
    fail(client, "kim@example.org", LIMIT - 1)
    assert sign_in(client, "kim@example.org", PASSWORD).status_code == 302
    client.logout()

    # another run of failures, short of the limit, does not lock the account
    fail(client, "kim@example.org", LIMIT - 1)
    response = sign_in(client, "kim@example.org", PASSWORD)

    assert response.status_code == 302
    assert get_user(client).pk == user.pk


def test_lockout_applies_to_the_password_check_on_the_profile_page(client):
    user = UserFactory.create(email="kim@example.org")
    client.force_login(user)
    data = {"full_name": user.full_name, "email": "new@example.org", "current_password": "wrong-password"}

    responses = [client.post(reverse("accounts:profile"), data) for _ in range(LIMIT)]

    assert responses[-1].status_code == 429
