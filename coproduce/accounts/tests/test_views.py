import pytest
from django.contrib.auth import get_user
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from coproduce.accounts.models import User
from coproduce.accounts.tests.factories import PASSWORD, UserFactory
from coproduce.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/sign-in/"
PROJECTS_URL = "/projects/"


@pytest.fixture
def user() -> User:
    return UserFactory.create(email="sam@example.org", full_name="Sam Okafor")


def sign_in(client, email, password, **extra):
    return client.post(reverse("accounts:login"), {"username": email, "password": password, **extra})


# Sign in


def test_login_page_asks_for_email_address(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Sign in \u2013 " in html
    assert 'type="email"' in html and 'autocomplete="email"' in html
    assert ">Email address" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("typed", ["sam@example.org", " SAM@Example.org "])
def test_login_signs_in_and_audits(client, user, typed):
    response = sign_in(client, typed, PASSWORD)

    assert response.status_code == 302
    assert response.url == PROJECTS_URL
    assert get_user(client).pk == user.pk
    event = AuditEvent.objects.get(action="accounts.user.signed_in")
    assert (event.actor, event.object_repr) == (user, f"User {user.pk}")


def test_login_failure_does_not_reveal_whether_email_exists(client, user):
    wrong_password = sign_in(client, "sam@example.org", "not-the-password")
    no_account = sign_in(client, "nobody@example.org", "not-the-password")

    for response in (wrong_password, no_account):
        assert response.status_code == 200
        assert "<title>Error: Sign in" in response.content.decode()
        assert "Enter a correct email address and password" in response.content.decode()
    assert wrong_password.context["form"].errors == no_account.context["form"].errors
    assert not get_user(client).is_authenticated


def test_login_failure_for_inactive_account_looks_the_same(client):
    UserFactory.create(email="gone@example.org", is_active=False)

    response = sign_in(client, "gone@example.org", PASSWORD)

    assert "Enter a correct email address and password" in response.content.decode()
    assert not get_user(client).is_authenticated


def test_login_empty_form_shows_field_errors(client):
    response = sign_in(client, "", "")

    html = response.content.decode()
    assert "Enter your email address" in html and "Enter your password" in html
    assert 'href="#id_username"' in html  # the error summary links to the field


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/accounts/profile/", "/accounts/profile/"),
        ("https://evil.example/steal", PROJECTS_URL),
        ("//evil.example/steal", PROJECTS_URL),
        ("http://testserver/accounts/profile/", "http://testserver/accounts/profile/"),
    ],
)
def test_login_redirects_to_next_only_when_safe(client, user, next_url, expected):
    response = sign_in(client, "sam@example.org", PASSWORD, next=next_url)

    assert response.status_code == 302
    assert response.url == expected


def test_login_keeps_safe_next_in_the_form(client):
    response = client.get(reverse("accounts:login"), {"next": "/accounts/profile/"})

    assert 'name="next" value="/accounts/profile/"' in response.content.decode()


def test_login_drops_unsafe_next_from_the_form(client):
    response = client.get(reverse("accounts:login"), {"next": "https://evil.example/"})

    assert "evil.example" not in response.content.decode()


def test_login_redirects_user_already_signed_in(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:login"))

    assert response.status_code == 302
    assert response.url == PROJECTS_URL


# Sign out


def test_logout_refuses_get(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert get_user(client).is_authenticated


def test_logout_signs_out_and_audits(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert not get_user(client).is_authenticated
    assert AuditEvent.objects.filter(action="accounts.user.signed_out", actor=user).count() == 1
    assert "You have signed out" in client.get(response.url).content.decode()


def test_logout_when_not_signed_in_writes_no_audit(client):
    client.post(reverse("accounts:logout"))

    assert not AuditEvent.objects.filter(action="accounts.user.signed_out").exists()


# Profile


def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next=/accounts/profile/"


def test_profile_shows_details_and_password_link(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:profile"))

    html = response.content.decode()
    assert 'value="Sam Okafor"' in html and 'value="sam@example.org"' in html
    assert reverse("accounts:password_change") in html
    assert "<title>Your account \u2013 " in html


def test_profile_saves_new_name(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"full_name": "Sam Okafor-Reid", "email": user.email})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Sam Okafor-Reid"
    assert AuditEvent.objects.get(action="accounts.user.updated").changes == {"fields": ["full_name"]}


def test_profile_changes_email_with_current_password(client, user):
    client.force_login(user)

    client.post(
        reverse("accounts:profile"),
        {"full_name": user.full_name, "email": "New.Sam@example.org", "current_password": PASSWORD},
    )

    user.refresh_from_db()
    assert user.email == "new.sam@example.org"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "", "email": "sam@example.org"}, "Enter your full name"),
        ({"full_name": "Sam", "email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"full_name": "Sam", "email": "other@example.org"}, "Enter your current password to change"),
        (
            {"full_name": "Sam", "email": "other@example.org", "current_password": "wrong-password"},
            "Your current password is not correct",
        ),
        (
            {"full_name": "Sam", "email": "Taken@example.org", "current_password": PASSWORD},
            "An account with this email address already exists",
        ),
    ],
)
def test_profile_shows_field_errors(client, user, data, message):
    UserFactory.create(email="taken@example.org")
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<title>Error: Your account" in html
    assert "govuk-error-summary" in html
    user.refresh_from_db()
    assert (user.full_name, user.email) == ("Sam Okafor", "sam@example.org")


# Change password


def test_password_change_keeps_user_signed_in(client, user):
    client.force_login(user)
    new = "another-long-passphrase"

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert get_user(client).is_authenticated
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEvent.objects.filter(action="accounts.user.password_changed").count() == 1


def test_password_change_rejects_wrong_current_password(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "x-long-passphrase", "new_password2": "x-long-passphrase"},
    )

    assert response.status_code == 200
    assert "Your current password is not correct" in response.content.decode()
    assert "<title>Error: Change your password" in response.content.decode()


def test_password_change_requires_sign_in(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


# Site admin


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_admin_user_changelist_loads_for_staff(superuser_client, user):
    response = superuser_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert "sam@example.org" in response.content.decode()


def test_admin_user_change_page_loads(superuser_client, user):
    response = superuser_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert response.status_code == 200


def test_admin_add_user_goes_through_service(superuser_client):
    response = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Added@Example.org",
            "full_name": "Added Person",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 302
    added = User.objects.get(email="added@example.org")
    assert added.check_password("a-long-unusual-passphrase")
    assert AuditEvent.objects.filter(action="accounts.user.created", object_id=str(added.pk)).exists()


# Error pages


def test_404_page_is_plain_english(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="/"' in response.content.decode()


@pytest.mark.parametrize(
    ("exception", "shown"),
    [
        (PermissionDenied("Your role (Observer) cannot do this in this project."), True),
        (PermissionDenied(), False),
    ],
)
def test_403_page_shows_the_reason_when_given(exception, shown):
    request = RequestFactory().get("/somewhere/")

    response = defaults.permission_denied(request, exception)

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this" in html
    assert ("Your role (Observer) cannot do this" in html) is shown


def test_400_page():
    response = defaults.bad_request(RequestFactory().get("/"), Exception("bad"))

    assert response.status_code == 400
    assert "problem with your request" in response.content.decode()


def test_500_page_is_standalone():
    response = defaults.server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert 'href="/static/build/coproduce.css"' in html


def test_csrf_failure_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "a@example.org", "password": "x"})

    assert response.status_code == 403
    assert "this form has expired" in response.content.decode()
