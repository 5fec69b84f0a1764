"""Erasure removes a person from every table; only a tombstone with their code is left."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.consent import services
from coproduce.consent.models import ConsentEvent, ConsentScope, PersonalLink
from coproduce.consent.registry import PersonalDataSource, register_personal_data, unregister_personal_data
from coproduce.consent.selectors import personal_link_token
from coproduce.core.models import AuditEvent
from coproduce.people import services as people_services
from coproduce.people.models import Interest, RecruitmentEvent, RecruitmentStatus, Stakeholder
from coproduce.people.tests.factories import OrganisationFactory

OLD_NAME = "Zebedee Marchbanks-Oyelaran"
NAME = "Zebedee Oyelaran-Marchbanks"
OLD_EMAIL = "zebedee.old@example.org"
EMAIL = "z.oyelaran-marchbanks@example.org"
PHONE = "07700 900461"
NOTES = "Met at the Brookvale allotment open day; prefers Thursday afternoons."
PERSONAL = [OLD_NAME, NAME, OLD_EMAIL, EMAIL, PHONE, NOTES, "Zebedee", "allotment open day"]


def _database_text() -> str:
    """Every value of every row of every table, as text (JSON fields included)."""
    parts = []
    for model in apps.get_models(include_auto_created=True):
        fields = model._meta.concrete_fields
        for row in model._base_manager.all():
            for field in fields:
                value = field.value_from_object(row)
                parts.append(json.dumps(value, default=str) if isinstance(value, dict | list) else str(value))
    return "\n".join(parts)


@pytest.fixture
def zebedee(project, lead, consent_form, django_capture_on_commit_callbacks):
    """A person with everything the foundation can hold about them, and audit rows from all of it."""
    person = people_services.stakeholder_create(
        project=project,
        by=lead,
        full_name=OLD_NAME,
        job_title="Allotment society secretary",
        organisation=OrganisationFactory(project=project, name="Brookvale Allotment Society"),
        email=OLD_EMAIL,
        phone=PHONE,
        interests=["Green spaces", "Food growing"],
        notes=NOTES,
    )
    person = people_services.stakeholder_update(
        stakeholder=person,
        by=lead,
        full_name=NAME,
        job_title="Allotment society secretary",
        organisation=person.organisation,
        email=EMAIL,
        phone=PHONE,
        interests=["Green spaces", "Food growing", "Volunteering"],
        notes=NOTES,
    )
    people_services.stakeholder_set_status(
        stakeholder=person, to_status=RecruitmentStatus.INVITED, by=lead, note=f"Phoned {NAME} on {PHONE}"
    )
    services.consent_record(
        stakeholder=person,
        form=consent_form,
        scopes=[ConsentScope.INTERVIEW, ConsentScope.AUDIO_RECORDING],
        kind="given",
        method="paper",
        by=lead,
        note=f"Paper form signed by {NAME}",
    )
    link = services.personal_link_create(stakeholder=person, form=consent_form, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.personal_link_email(link=link, url="https://example.org/c/x/", by=lead)
    services.consent_answers_submit(link=link, answers={ConsentScope.WORKSHOPS: True})
    services.subject_access_export_create(stakeholder=person, by=lead)
    return person


def test_stakeholder_erase_leaves_no_personal_data_in_any_table(zebedee, lead):
    # Given the person's data is in the database
    text = _database_text()
    assert all(needle in text for needle in [NAME, EMAIL, PHONE, NOTES])
    code, project_id = zebedee.code, zebedee.project_id

    # When they are erased
    services.stakeholder_erase(stakeholder=zebedee, by=lead, reason="person_asked")

    # Then nothing about them is left anywhere, in any form
    text = _database_text()
    for needle in PERSONAL:
        assert needle.lower() not in text.lower(), f"{needle!r} survived erasure"
    assert not Stakeholder.objects.filter(code=code).exists()
    assert not ConsentEvent.objects.exists() and not PersonalLink.objects.exists()
    assert not RecruitmentEvent.objects.exists()
    # The project's interest vocabulary stays
    assert set(Interest.objects.values_list("name", flat=True)) == {
        "Green spaces",
        "Food growing",
        "Volunteering",
    }
    # And a tombstone records the erasure by code only
    tombstone = AuditEvent.objects.get(action="people.stakeholder.erased")
    assert tombstone.object_repr == code and tombstone.project_id == project_id
    assert tombstone.changes == {"reason": "person_asked"} and tombstone.actor == lead


def test_stakeholder_erase_makes_the_link_gone_and_the_code_not_found(zebedee, lead, client, consent_form):
    link = PersonalLink.objects.get(stakeholder=zebedee)
    token = personal_link_token(link=link)
    code_url = reverse(
        "consent:stakeholder_consent", kwargs={"project_id": zebedee.project.public_id, "code": zebedee.code}
    )

    services.stakeholder_erase(stakeholder=zebedee, by=lead, reason="person_asked")

    response = client.get(reverse("consent_public:personal_link_open", kwargs={"token": token}))
    assert response.status_code == 410 and "This link is no longer valid" in response.content.decode()
    client.force_login(lead)
    assert client.get(code_url).status_code == 404


def _source(erase):
    return PersonalDataSource(
        key="test", label="Test", about="Test data.", models=(), export=lambda stakeholder: [], erase=erase
    )


def test_stakeholder_erase_runs_registered_steps_first(person, lead):
    seen = []

    def step(stakeholder):
        seen.append((stakeholder.code, Stakeholder.objects.filter(pk=stakeholder.pk).exists()))

    source = register_personal_data(_source(step))
    register_personal_data(source)  # registering twice runs it once
    try:
        services.stakeholder_erase(stakeholder=person, by=lead)
    finally:
        unregister_personal_data(source)

    assert seen == [(person.code, True)]


def test_stakeholder_erase_rolls_back_when_a_step_fails(person, lead):
    def failing_step(stakeholder):
        raise RuntimeError("transcript store unavailable")

    source = register_personal_data(_source(failing_step))
    try:
        with pytest.raises(RuntimeError):
            services.stakeholder_erase(stakeholder=person, by=lead)
    finally:
        unregister_personal_data(source)

    assert Stakeholder.objects.filter(pk=person.pk).exists()
    assert not AuditEvent.objects.filter(action="people.stakeholder.erased").exists()


def test_stakeholder_erase_refuses_an_unknown_reason(person, lead):
    with pytest.raises(ValidationError):
        services.stakeholder_erase(stakeholder=person, by=lead, reason=f"{person.full_name} asked")

    assert Stakeholder.objects.filter(pk=person.pk).exists()
