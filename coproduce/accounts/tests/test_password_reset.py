import re

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coproduce.accounts.tests.factories import PASSWORD, UserFactory
from coproduce.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


@pytest.fixture
def user():
    return UserFactory.create(email="rita@example.org", full_name="Rita O'Neill")


def request_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def reset_link(message) -> str:
    match = re.search(r"http://testserver/accounts/password-reset/\S+/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def set_new_password(client, link, password=NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_password_reset_from_email_link_to_sign_in(client, user):
    # given the person asks for a reset
    response = request_reset(client, "Rita@example.org")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")

    # then an email with an absolute link arrives
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@example.org"]
    assert message.subject == "Reset your coproduce password"
    assert "Hello Rita O'Neill" in message.body  # plain text: not HTML-escaped

    # when they follow it and choose a new password
    response = set_new_password(client, reset_link(message))
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    assert "Your password has been reset" in client.get(response.url).content.decode()

    # then they can sign in with it, and the reset is audited
    response = client.post(
        reverse("accounts:login"), {"username": "rita@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert get_user(client).pk == user.pk
    assert AuditEvent.objects.filter(action="accounts.user.password_reset", actor=user).count() == 1


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(client):
    response = request_reset(client, "nobody@example.org")

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_done_page_explains_what_happens(client):
    response = client.get(reverse("accounts:password_reset_done"))

    assert "Check your email" in response.content.decode()
    assert "3 days" in response.content.decode()


def test_password_reset_link_works_only_once(client, user):
    request_reset(client, user.email)
    link = reset_link(mail.outbox[0])
    set_new_password(client, link)

    response = client.get(link, follow=True)

    assert "This link does not work" in response.content.decode()
    assert "<form" not in response.content.decode().split("</header>")[-1].split("<footer")[0]


def test_password_reset_with_forged_token_shows_clear_page(client, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))

    response = client.get(reverse("accounts:password_reset_confirm", args=[uid, "abc-123"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This link does not work" in html
    assert reverse("accounts:password_reset") in html


def test_password_reset_with_expired_token_shows_clear_page(client, user, settings):
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is now out of date

    response = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)

    assert "This link does not work" in response.content.decode()


def test_password_reset_rejects_weak_new_password(client, user):
    request_reset(client, user.email)

    response = set_new_password(client, reset_link(mail.outbox[0]), password="password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Choose a new password" in html
    assert "govuk-error-summary" in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_lifts_lock_out(client, user):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong-password"})
    request_reset(client, user.email)
    set_new_password(client, reset_link(mail.outbox[0]))

    response = client.post(reverse("accounts:login"), {"username": user.email, "password": NEW_PASSWORD})

    assert response.status_code == 302
