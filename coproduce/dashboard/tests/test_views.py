import pytest
from django.urls import reverse

from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ProjectRole))
def test_project_dashboard_renders_for_every_role_without_names(client, project, member, role):
    # given a person in the register
    person = StakeholderFactory(project=project, full_name="Ottoline Brackenbury")
    client.force_login(member(role))
    # when
    response = client.get(reverse("dashboard:project_dashboard", kwargs={"project_id": project.public_id}))
    # then the dashboard shows counts, never a participant's name
    assert response.status_code == 200
    body = response.content.decode()
    assert project.title in body
    assert "Stakeholders by sector" in body and "Consent" in body
    assert person.full_name not in body
    assert ("Full audit trail" in body) is role.can_view_audit()


@pytest.mark.django_db
def test_project_dashboard_hides_other_projects(client, project, outsider):
    client.force_login(outsider)
    response = client.get(reverse("dashboard:project_dashboard", kwargs={"project_id": project.public_id}))
    assert response.status_code == 404
