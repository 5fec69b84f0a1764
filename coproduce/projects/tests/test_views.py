import datetime as dt

import pytest
from django.urls import reverse

from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.models import AuditEvent
from coproduce.core.services import audit_record
from coproduce.projects.models import Invitation, Membership, PhaseKind, Project, ProjectPhase
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.conftest import VISITORS
from coproduce.projects.tests.factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LEAD_ONLY = {"lead": 200, "researcher": 403, "facilitator": 403, "observer": 403, "outsider": 404}
EVERY_MEMBER = {"lead": 200, "researcher": 200, "facilitator": 200, "observer": 200, "outsider": 404}
NEW_PROJECT = {
    "title": "Working together in Sparkbrook",
    "summary": "A study of cross-sector working.",
    "place": "Birmingham",
    "research_questions": "What helps?\nWhat gets in the way?",
    "ethics_reference": "ETH-2026-007",
    "retention_until": "2030-01-31",
    "lawful_basis": "Public task",
    "add_creator_as_lead": "on",
}


def url(name: str, project: Project, **kwargs) -> str:
    return reverse(f"projects:{name}", kwargs={"project_id": project.public_id, **kwargs})


def expect(response, visitor: str, member_status: dict[str, int]) -> None:
    """Members get `member_status[visitor]`; anonymous visitors are sent to sign in."""
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == member_status[visitor]


# Permissions: every page, every kind of visitor, the same setup.


@pytest.mark.parametrize(
    "name", ["project_edit", "phase_edit", "invitation_create", "audit_list", "audit_export"]
)
@pytest.mark.parametrize("visitor", VISITORS)
def test_lead_only_pages_permissions(client_as, project, name, visitor):
    response = client_as(visitor).get(url(name, project))
    expect(response, visitor, LEAD_ONLY)


@pytest.mark.parametrize("visitor", VISITORS)
def test_team_page_permissions(client_as, project, visitor):
    expect(client_as(visitor).get(url("team", project)), visitor, EVERY_MEMBER)


@pytest.mark.parametrize("name", ["membership_change_role", "membership_remove"])
@pytest.mark.parametrize("visitor", VISITORS)
def test_membership_pages_permissions(client_as, project, member, name, visitor):
    target = Membership.objects.get(user=member(ProjectRole.OBSERVER))
    response = client_as(visitor).get(url(name, project, membership_id=target.public_id))
    expect(response, visitor, LEAD_ONLY)


@pytest.mark.parametrize("name", ["membership_change_role", "membership_remove"])
@pytest.mark.parametrize("visitor", VISITORS)
def test_membership_changes_by_post_permissions(client_as, project, member, name, visitor):
    target = Membership.objects.get(user=member(ProjectRole.OBSERVER))
    data = {"role": "researcher"} if name == "membership_change_role" else {}
    response = client_as(visitor).post(url(name, project, membership_id=target.public_id), data)
    allowed = visitor == "lead"
    expect(response, visitor, {**LEAD_ONLY, "lead": 302})
    changed = not Membership.objects.filter(pk=target.pk, role=ProjectRole.OBSERVER).exists()
    assert changed is allowed


@pytest.mark.parametrize("visitor", VISITORS)
def test_invitation_revoke_permissions(client_as, project, visitor):
    invitation = InvitationFactory.create(project=project)
    response = client_as(visitor).post(url("invitation_revoke", project, invitation_id=invitation.public_id))
    expect(response, visitor, {**LEAD_ONLY, "lead": 302})
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) is (visitor == "lead")


@pytest.mark.parametrize("visitor", VISITORS)
def test_project_list_permissions(client_as, visitor):
    expect(client_as(visitor).get(reverse("projects:project_list")), visitor, dict.fromkeys(VISITORS, 200))


@pytest.mark.parametrize("visitor", VISITORS)
def test_project_create_is_for_site_admins_only(client_as, visitor):
    client = client_as(visitor)
    expect(client.get(reverse("projects:project_create")), visitor, dict.fromkeys(VISITORS, 403))
    expect(
        client.post(reverse("projects:project_create"), NEW_PROJECT), visitor, dict.fromkeys(VISITORS, 403)
    )
    assert not Project.objects.filter(title=NEW_PROJECT["title"]).exists()


def test_a_project_of_someone_else_is_not_found_even_for_a_lead(client, project, outsider):
    client.force_login(outsider)
    assert client.get(url("team", project)).status_code == 404


# Project list and creation.


def test_project_list_shows_the_users_projects_with_role_and_place(client, project, member):
    client.force_login(member(ProjectRole.FACILITATOR))
    MembershipFactory.create(project__title="Not yours")

    page = client.get(reverse("projects:project_list")).text

    assert project.title in page and "Birmingham" in page and "Facilitator" in page
    assert f"/p/{project.public_id}/" in page
    assert "Not yours" not in page
    assert "Create a project" not in page


def test_project_list_empty_state(client):
    client.force_login(UserFactory.create())
    page = client.get(reverse("projects:project_list")).text
    assert "You are not part of any projects yet" in page


def test_project_list_offers_site_admins_a_create_button(client, site_admin):
    client.force_login(site_admin)
    assert "Create a project" in client.get(reverse("projects:project_list")).text


def test_project_create_makes_the_project_and_goes_to_its_dashboard(client, site_admin):
    client.force_login(site_admin)

    response = client.post(reverse("projects:project_create"), NEW_PROJECT)

    project = Project.objects.get(title=NEW_PROJECT["title"])
    assert response.status_code == 302
    assert response.url == f"/p/{project.public_id}/"
    assert project.research_questions == ["What helps?", "What gets in the way?"]
    assert project.retention_until == dt.date(2030, 1, 31)
    assert project.phases.count() == 4
    assert Membership.objects.get(project=project).user == site_admin


def test_project_create_shows_errors_at_the_top_and_by_the_field(client, site_admin):
    client.force_login(site_admin)

    response = client.post(reverse("projects:project_create"), {**NEW_PROJECT, "title": ""})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_title"' in response.text
    assert response.text.count("Enter the project&#x27;s title") == 2
    assert not Project.objects.exists()


# Editing a project and its phases.


def test_project_edit_shows_and_saves_the_details(lead_client, project):
    page = lead_client.get(url("project_edit", project)).text
    assert "What works across sectors?" in page

    data = {**NEW_PROJECT, "title": "Renamed"}
    del data["add_creator_as_lead"]
    response = lead_client.post(url("project_edit", project), data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed"
    event = AuditEvent.objects.get(action="projects.project.updated")
    assert event.changes["title"][1] == "Renamed"


def phase_data(rows: dict[str, dict[str, str]]) -> dict[str, str]:
    data = {"phases-TOTAL_FORMS": "4", "phases-INITIAL_FORMS": "4"}
    for index, kind in enumerate(PhaseKind):
        data[f"phases-{index}-kind"] = kind.value
        for field, value in rows.get(kind.value, {}).items():
            data[f"phases-{index}-{field}"] = value
    return data


def test_phase_edit_lists_the_four_phases_and_saves_dates(lead_client, project):
    page = lead_client.get(url("phase_edit", project)).text
    assert all(kind.label in page for kind in PhaseKind)

    rows = {"interviews": {"planned_start": "2027-04-01", "planned_end": "2027-06-30"}}
    response = lead_client.post(url("phase_edit", project), phase_data(rows))

    assert response.status_code == 302
    interviews = ProjectPhase.objects.get(project=project, kind=PhaseKind.INTERVIEWS)
    assert interviews.planned_end == dt.date(2027, 6, 30)


def test_phase_edit_refuses_an_end_before_the_start_with_a_clear_message(lead_client, project):
    rows = {"workshops": {"actual_start": "2027-09-10", "actual_end": "2027-09-01"}}

    response = lead_client.post(url("phase_edit", project), phase_data(rows))

    assert response.status_code == 200
    assert "Co-production workshops: The actual end date must be the same as or after" in response.text
    assert 'href="#id_phases-2-actual_end"' in response.text
    assert not ProjectPhase.objects.filter(project=project).exists()


# The team page.


def test_team_page_shows_members_to_everyone_but_team_controls_to_leads_only(client, project, lead, member):
    observer = member(ProjectRole.OBSERVER)
    InvitationFactory.create(project=project, email="waiting@example.org")

    client.force_login(observer)
    seen_by_observer = client.get(url("team", project)).text
    client.force_login(lead)
    seen_by_lead = client.get(url("team", project)).text

    for page in (seen_by_observer, seen_by_lead):
        assert lead.full_name in page and observer.full_name in page
    assert "waiting@example.org" not in seen_by_observer and "Change role" not in seen_by_observer
    assert "waiting@example.org" in seen_by_lead and "Change role" in seen_by_lead
    assert "Invite someone" in seen_by_lead


def test_invitation_create_refuses_a_current_member(lead_client, project, lead):
    response = lead_client.post(url("invitation_create", project), {"email": lead.email, "role": "observer"})
    assert response.status_code == 200
    assert "already a member of this project" in response.text
    assert not Invitation.objects.exists()


def test_invitation_revoke_needs_post(lead_client, project):
    invitation = InvitationFactory.create(project=project)
    assert (
        lead_client.get(url("invitation_revoke", project, invitation_id=invitation.public_id)).status_code
        == 405
    )


def test_membership_change_role_saves_the_new_role(lead_client, project, member):
    target = Membership.objects.get(user=member(ProjectRole.OBSERVER))

    page = lead_client.get(url("membership_change_role", project, membership_id=target.public_id))
    response = lead_client.post(
        url("membership_change_role", project, membership_id=target.public_id), {"role": "researcher"}
    )

    assert 'value="observer" checked' in page.text
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == ProjectRole.RESEARCHER


def test_membership_pages_do_not_reach_into_another_project(lead_client, project):
    elsewhere = MembershipFactory.create(role=ProjectRole.OBSERVER)
    response = lead_client.post(url("membership_remove", project, membership_id=elsewhere.public_id))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


# The audit trail.


def test_audit_list_filters_by_action_person_and_date(lead_client, project, lead, member):
    researcher = member(ProjectRole.RESEARCHER)
    audit_record(action="people.stakeholder.created", by=researcher, project_id=project.pk, object_repr="P01")
    audit_record(action="projects.project.updated", by=lead, project_id=project.pk, object_repr="Renamed")
    audit_record(action="people.stakeholder.created", by=lead, project_id=None, object_repr="P99")
    researcher_row = Membership.objects.get(user=researcher).public_id

    everything = lead_client.get(url("audit_list", project)).text
    by_action = lead_client.get(url("audit_list", project), {"action": "people"}).text
    by_person = lead_client.get(url("audit_list", project), {"who": str(researcher_row)}).text
    by_date = lead_client.get(url("audit_list", project), {"date_to": "2001-01-01"}).text

    assert "P01" in everything and "Renamed" in everything and "P99" not in everything
    assert "P01" in by_action and "Renamed" not in by_action
    assert "P01" in by_person and "Renamed" not in by_person
    assert "No entries match these filters" in by_date


def test_audit_list_pages_fifty_entries_at_a_time(lead_client, project):
    for number in range(51):
        audit_record(
            action="people.stakeholder.created", by=None, project_id=project.pk, object_repr=f"P{number}"
        )

    first = lead_client.get(url("audit_list", project)).text
    second = lead_client.get(url("audit_list", project), {"page": "2"}).text

    assert first.count("people.stakeholder.created</td>") == 50
    assert "1 of 2" in first and "Next" in first
    assert second.count("people.stakeholder.created</td>") == 1


def test_audit_export_downloads_the_filtered_trail_as_safe_csv(lead_client, project, lead):
    audit_record(
        action="projects.project.updated", by=lead, project_id=project.pk, object_repr="=HYPERLINK(1)"
    )
    audit_record(action="people.stakeholder.created", by=lead, project_id=project.pk, object_repr="P01")

    response = lead_client.get(url("audit_export", project), {"action": "projects"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "When,Who,What,Object type,Object,Changes"
    assert len(lines) == 2
    assert "'=HYPERLINK(1)" in lines[1] and lead.full_name in lines[1]
