"""Two people change the same person's details at once: the second to save sees the first's values."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.core.versions import CONFLICT
from coproduce.projects.permissions import ProjectRole

pytestmark = pytest.mark.django_db


def _version(page: str) -> str:
    found = re.search(r'name="version" value="([0-9a-f]+)"', page)
    assert found, "The edit form carries no version"
    return found.group(1)


def _conflict(page: str) -> dict[str, tuple[str, str]]:
    """{field: (saved by someone else, yours)} as listed on the page."""
    rows = re.findall(
        r'<h3 class="govuk-heading-s[^"]*">(.*?)</h3>.*?Saved by someone else</dt>\s*<dd[^>]*>(.*?)</dd>'
        r".*?Yours</dt>\s*<dd[^>]*>(.*?)</dd>",
        page,
        re.S,
    )
    return {label: (theirs, yours) for label, theirs, yours in rows}


def _details(person, version: str, **changes: str) -> dict[str, str]:
    return {
        "full_name": person.full_name,
        "job_title": person.job_title,
        "organisation": str(person.organisation_id),
        "email": person.email,
        "phone": person.phone,
        "interests": "Food poverty, Youth work",
        "notes": "",
        "version": version,
        **changes,
    }


def test_stakeholder_edit_second_saver_sees_the_first_and_chooses(client, member, person):
    # given A and B, both able to manage people, open the same person's edit form
    a, b = Client(), Client()
    a.force_login(member(ProjectRole.LEAD))
    b.force_login(member(ProjectRole.RESEARCHER))
    url = reverse("people:stakeholder_edit", kwargs={"project_id": person.project.public_id, "code": "P01"})
    a_version, b_version = _version(a.get(url).content.decode()), _version(b.get(url).content.decode())
    assert a_version == b_version
    # when A saves a new role, then B saves a new telephone number from the form they opened before
    a_saved = a.post(url, _details(person, a_version, job_title="Food bank manager"))
    b_refused = b.post(url, _details(person, b_version, phone="0121 496 0999"))
    # then A's change is saved and B's is not: B sees A's values against theirs, with nothing lost
    assert a_saved.status_code == 302
    page = b_refused.content.decode()
    assert b_refused.status_code == 200
    assert CONFLICT in page
    assert 'class="govuk-error-summary"' in page
    assert _conflict(page) == {
        "Role": ("Food bank manager", "Volunteer coordinator"),
        "Telephone": ("0121 496 0123", "0121 496 0999"),
    }
    assert 'value="0121 496 0999"' in page  # B's entries are kept on the form
    person.refresh_from_db()
    assert (person.job_title, person.phone) == ("Food bank manager", "0121 496 0123")
    assert AuditEvent.objects.filter(action="people.stakeholder.updated").count() == 1
    # when B chooses to keep theirs and saves the form again, which now carries the saved version
    kept = b.post(
        url, _details(person, _version(page), job_title="Volunteer coordinator", phone="0121 496 0999")
    )
    # then B's version is saved
    assert kept.status_code == 302
    person.refresh_from_db()
    assert (person.job_title, person.phone) == ("Volunteer coordinator", "0121 496 0999")


def test_stakeholder_edit_without_a_competing_save_is_not_a_conflict(lead_client, person):
    url = reverse("people:stakeholder_edit", kwargs={"project_id": person.project.public_id, "code": "P01"})
    version = _version(lead_client.get(url).content.decode())

    response = lead_client.post(url, _details(person, version, notes="Prefers email"))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.notes == "Prefers email"
