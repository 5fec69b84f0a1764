import datetime as dt

import pytest

from coproduce.projects.forms import (
    AuditFilterForm,
    PhaseDatesForm,
    ProjectCreateForm,
    ProjectForm,
    SignupForm,
)
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory


def test_project_form_reads_one_research_question_per_line():
    form = ProjectForm({"title": "A project", "research_questions": "What helps?\r\n\r\n  What hinders?  \n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["research_questions"] == ["What helps?", "What hinders?"]


def test_project_form_shows_research_questions_one_per_line():
    form = ProjectForm(initial={"research_questions": ["One?", "Two?"]})
    assert "One?\nTwo?" in str(form["research_questions"])


def test_project_create_form_needs_a_lead():
    form = ProjectCreateForm({"title": "A project", "add_creator_as_lead": ""})
    assert not form.is_valid()
    assert form.errors["lead_email"] == ["Enter the lead's email address, or choose to be a lead yourself"]


def test_project_create_form_refuses_a_retention_date_in_the_past():
    form = ProjectCreateForm(
        {"title": "A project", "add_creator_as_lead": "on", "retention_until": "2001-01-01"}
    )
    assert not form.is_valid()
    assert "must be in the future" in form.errors["retention_until"][0]


def test_phase_dates_form_puts_the_error_on_the_end_date():
    form = PhaseDatesForm({"kind": "evidence", "planned_start": "2027-03-01", "planned_end": "2027-02-01"})
    assert not form.is_valid()
    assert form.errors["planned_end"] == [
        "The planned end date must be the same as or after the planned start date"
    ]
    assert form.legend == "Evidence review"


def test_phase_dates_form_needs_an_actual_start_for_an_actual_end():
    form = PhaseDatesForm({"kind": "evidence", "actual_end": "2027-02-01"})
    assert not form.is_valid()
    assert list(form.errors) == ["actual_start"]


def test_phase_dates_form_explains_an_impossible_date():
    form = PhaseDatesForm({"kind": "evidence", "planned_start": "2027-02-31"})
    assert not form.is_valid()
    assert form.errors["planned_start"] == ["Enter a real date"]


@pytest.mark.django_db
def test_signup_form_checks_the_passwords_match_and_are_strong():
    mismatch = SignupForm(
        {"full_name": "Sam", "password": "a-long-unusual-phrase", "password_again": "another"},
        email="sam@example.org",
    )
    weak = SignupForm(
        {"full_name": "Sam", "password": "password", "password_again": "password"}, email="s@x.org"
    )
    assert mismatch.errors["password_again"] == ["The passwords do not match"]
    assert "password" in weak.errors


@pytest.mark.django_db
def test_audit_filter_form_turns_a_member_into_their_user_id():
    membership = MembershipFactory.create(role=ProjectRole.RESEARCHER)
    data = {"action": "projects", "who": str(membership.public_id), "date_from": "2027-01-01", "date_to": ""}

    form = AuditFilterForm(data, actions=["projects"], members=[membership])

    assert form.filters() == {
        "action": "projects",
        "actor_id": membership.user_id,
        "date_from": dt.date(2027, 1, 1),
        "date_to": None,
    }


@pytest.mark.django_db
def test_audit_filter_form_refuses_an_unknown_person_and_backwards_dates():
    form = AuditFilterForm(
        {"who": "someone-else", "date_from": "2027-02-01", "date_to": "2027-01-01"}, actions=[], members=[]
    )
    assert form.filters() == {}
    assert set(form.errors) == {"who", "date_to"}
