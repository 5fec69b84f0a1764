"""Every page and email names the product (settings.SITE_NAME), never the host the site is reached on.

Django's authentication views put the host in `site_name`; without the fix the sign-in page was titled
"Sign in - 127.0.0.1:8000" and its header showed the host."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coproduce.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1:8000"
NAME = "Ward Research Hub"


def _title_and_header(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    header = re.search(r'app-header__title">(.*?)</span>', html, re.S)
    assert title and header, html[:500]
    return " ".join(title.group(1).split()), header.group(1).strip()


def _names_product(response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    title, header = _title_and_header(html)
    assert title.endswith(NAME), title
    assert header == NAME
    assert HOST not in title and HOST not in header


@pytest.fixture
def user():
    return UserFactory.create(email="rita@example.org", full_name="Rita O'Neill")


@override_settings(SITE_NAME=NAME, ALLOWED_HOSTS=["127.0.0.1"])
@pytest.mark.parametrize(
    "name", ["login", "password_reset", "password_reset_done", "password_reset_complete"]
)
def test_signed_out_pages_name_the_product_not_the_host(name):
    _names_product(Client(HTTP_HOST=HOST).get(reverse(f"accounts:{name}")))


@override_settings(SITE_NAME=NAME, ALLOWED_HOSTS=["127.0.0.1"])
@pytest.mark.parametrize("name", ["password_change", "password_change_done", "profile"])
def test_signed_in_pages_name_the_product_not_the_host(name, user):
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    _names_product(client.get(reverse(f"accounts:{name}")))


@override_settings(SITE_NAME=NAME, ALLOWED_HOSTS=["127.0.0.1"])
def test_reset_link_page_names_the_product(user):
    client = Client(HTTP_HOST=HOST)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    _names_product(client.get(link, follow=True))


@override_settings(SITE_NAME=NAME, ALLOWED_HOSTS=["127.0.0.1"])
def test_a_failed_sign_in_still_names_the_product(user):
    client = Client(HTTP_HOST=HOST)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD + "x"})
    _names_product(response)


@override_settings(SITE_NAME=NAME, ALLOWED_HOSTS=["127.0.0.1"])
def test_password_reset_email_names_the_product(user):
    Client(HTTP_HOST=HOST).post(reverse("accounts:password_reset"), {"email": user.email})
    (message,) = mail.outbox
    assert message.subject == f"Reset your {NAME} password"
    assert f"your {NAME} account" in message.body
    assert message.body.rstrip().endswith(NAME)
    assert f"http://{HOST}/accounts/password-reset/" in message.body  # the link still uses the host


def test_admin_names_the_product(admin_client):
    html = admin_client.get("/site-admin/").content.decode()
    assert f"{settings.SITE_NAME} site admin" in html
    assert "Django administration" not in html
