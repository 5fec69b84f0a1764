"""The site admin pages (/site-admin/) never change project data behind the services' back.

Project data, people, consent, teams and roles change only through the services, which check the rules and
write the project's audit trail. Every model of a coproduce app shown on the site admin pages is read-only
there, unless it is listed in AUDITED with the reason its changes are recorded.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from coproduce.accounts.models import User
from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.models import AuditEvent
from coproduce.projects.models import Membership
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# Models the site admin may change, each because every change there goes through a service and is audited.
AUDITED = {
    User: "created by user_create; every change recorded by user_admin_change_record; never deleted",
}


def _coproduce_models() -> list[type]:
    return [model for model in apps.get_models() if model.__module__.startswith("coproduce.")]


@pytest.fixture
def site_admin() -> User:
    return UserFactory.create(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client: Client, site_admin: User) -> Client:
    client.force_login(site_admin)
    return client


def test_site_admin_pages_are_read_only_for_project_data(site_admin):
    # given a site admin's request to the site admin pages
    request = RequestFactory().get("/site-admin/")
    request.user = site_admin
    writable = []
    # when every registered ModelAdmin, and each of its inlines, is asked what the site admin may do
    for model, model_admin in admin.site._registry.items():
        if model not in _coproduce_models() or model in AUDITED:
            continue
        rights = {
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request),
            "delete": model_admin.has_delete_permission(request),
        }
        for inline in (inline_class(model, admin.site) for inline_class in model_admin.inlines):
            rights[f"add {inline.model.__name__}"] = inline.has_add_permission(request, None)
            rights[f"change {inline.model.__name__}"] = inline.has_change_permission(request)
            rights[f"delete {inline.model.__name__}"] = inline.has_delete_permission(request)
        writable += [f"{model.__name__}: {right}" for right, yes in rights.items() if yes]
    # then none of them may add, change or delete a row
    assert writable == []


def test_site_admin_cannot_add_a_membership(admin_client, site_admin):
    project = ProjectFactory.create()

    response = admin_client.post(
        reverse("admin:projects_membership_add"),
        {"project": project.pk, "user": site_admin.pk, "role": ProjectRole.LEAD},
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=site_admin).exists()


def test_site_admin_cannot_change_a_role(admin_client, site_admin):
    membership = MembershipFactory.create(user=site_admin, role=ProjectRole.OBSERVER)

    response = admin_client.post(
        reverse("admin:projects_membership_change", args=[membership.pk]),
        {"project": membership.project_id, "user": site_admin.pk, "role": ProjectRole.LEAD},
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == ProjectRole.OBSERVER


def test_site_admin_cannot_join_a_team_through_the_project_page(admin_client, site_admin):
    project = ProjectFactory.create()
    url = reverse("admin:projects_project_change", args=[project.pk])

    response = admin_client.post(
        url,
        {
            "title": project.title,
            "membership_set-TOTAL_FORMS": "1",
            "membership_set-INITIAL_FORMS": "0",
            "membership_set-0-user": site_admin.pk,
            "membership_set-0-role": ProjectRole.LEAD,
        },
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=site_admin).exists()


def test_site_admin_sees_a_team_read_only(admin_client):
    membership = MembershipFactory.create()

    response = admin_client.get(reverse("admin:projects_membership_change", args=[membership.pk]))

    assert response.status_code == 200
    assert 'name="role"' not in response.content.decode()


def test_site_admin_change_to_an_account_is_audited(admin_client, site_admin):
    person = UserFactory.create(email="kim@example.org", full_name="Kim Example")

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {"email": "kim@example.org", "full_name": "Kim Example", "is_active": "on", "is_staff": "on"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_staff
    event = AuditEvent.objects.get(action="accounts.user.changed_by_site_admin", object_id=str(person.pk))
    assert event.actor == site_admin
    assert event.changes == {"fields": ["Staff status"]}


def test_site_admin_cannot_delete_an_account(admin_client):
    person = MembershipFactory.create().user

    response = admin_client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()
