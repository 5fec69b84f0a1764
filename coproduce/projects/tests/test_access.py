from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coproduce.projects.access import access_project
from coproduce.projects.permissions import NEEDS, Need, ProjectRole
from coproduce.projects.tests.factories import ProjectFactory


@pytest.mark.django_db
def test_access_project_returns_project_with_viewer_role(project, member):
    user = member(ProjectRole.RESEARCHER)
    got = access_project(user, project.public_id)
    assert got == project
    assert got.viewer_role == ProjectRole.RESEARCHER


@pytest.mark.django_db
def test_access_project_hides_other_projects(member):
    user = member(ProjectRole.LEAD)
    with pytest.raises(Http404):
        access_project(user, ProjectFactory.create().public_id)


@pytest.mark.django_db
def test_access_project_refuses_a_need_the_role_lacks(project, member):
    with pytest.raises(PermissionDenied):
        access_project(member(ProjectRole.OBSERVER), project.public_id, need=Need.MANAGE_PEOPLE)


@pytest.mark.django_db
def test_access_project_hides_projects_from_anonymous_and_inactive(project, member, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        access_project(AnonymousUser(), project.public_id)
    user = member(ProjectRole.LEAD)
    user.is_active = False
    with pytest.raises(Http404):
        access_project(user, project.public_id)


def test_unknown_need_is_a_programming_error():
    with pytest.raises(ValueError):
        ProjectRole.LEAD.allows("fly")


@pytest.mark.parametrize(
    "role, need, allowed",
    [
        (ProjectRole.LEAD, "edit_project", True),
        (ProjectRole.RESEARCHER, "edit_project", False),
        (ProjectRole.RESEARCHER, "manage_people", True),
        (ProjectRole.FACILITATOR, "manage_people", False),
        (ProjectRole.OBSERVER, "view_personal_data", False),
        (ProjectRole.RESEARCHER, "view_personal_data", True),
        (ProjectRole.RESEARCHER, "erase_personal_data", False),
        (ProjectRole.LEAD, "erase_personal_data", True),
        (ProjectRole.OBSERVER, "view_project", True),
    ],
)
def test_role_policy(role, need, allowed):
    assert need in NEEDS
    assert role.allows(need) is allowed


def test_need_has_one_member_per_predicate_and_equals_its_name():
    predicates = {name.removeprefix("can_") for name in vars(ProjectRole) if name.startswith("can_")}

    assert {need.value for need in Need} == predicates
    assert str(Need.MANAGE_PEOPLE) == "manage_people" and f"can_{Need.MANAGE_PEOPLE}" == "can_manage_people"
    assert all(ProjectRole.LEAD.allows(need) == ProjectRole.LEAD.allows(need.value) for need in Need)


def test_mypy_refuses_a_misspelt_need(tmp_path):
    # given a view that names a need by a misspelt string, and one that names it from the enum
    from mypy import api

    root = Path(__file__).resolve().parents[3]
    view = tmp_path / "misspelt_need.py"
    view.write_text(
        "from django.contrib.auth.models import AnonymousUser\n\n"
        "from coproduce.projects.access import access_project\n"
        "from coproduce.projects.permissions import Need\n\n"
        'access_project(AnonymousUser(), "id", need="manage_peple")\n'
        'access_project(AnonymousUser(), "id", need=Need.MANAGE_PEOPLE)\n'
    )

    # when mypy checks it with the project's settings
    report, _errors, status = api.run([str(view), "--config-file", str(root / "pyproject.toml")])

    # then only the string is refused
    assert status == 1, report
    assert (
        'misspelt_need.py:6: error: Argument "need" to "access_project" has incompatible type "str"' in report
    )
    assert "misspelt_need.py:7" not in report
