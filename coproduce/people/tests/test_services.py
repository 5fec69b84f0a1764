import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from coproduce.core.models import AuditEvent
from coproduce.people import services
from coproduce.people.models import (
    Interest,
    Organisation,
    RecruitmentEvent,
    RecruitmentStatus,
    SamplingTarget,
    Stakeholder,
    StakeholderCodeCounter,
)
from coproduce.people.recruitment import ALLOWED_TRANSITIONS, next_statuses
from coproduce.people.sectors import Sector, Subsector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.tests.factories import ProjectFactory

S = RecruitmentStatus
pytestmark = pytest.mark.django_db


def _add(project, by, name="Ffion Quillfeather", **kwargs):
    return services.stakeholder_create(project=project, by=by, full_name=name, **kwargs)


def _audit_text(event: AuditEvent) -> str:
    return f"{event.object_repr} {event.actor_label} {event.changes}"


# Codes


def test_stakeholder_create_gives_codes_in_sequence(project, lead):
    codes = [_add(project, lead, f"Person {n}").code for n in range(3)]
    assert codes == ["P01", "P02", "P03"]


def test_stakeholder_create_codes_are_per_project(project, lead):
    other = ProjectFactory()
    _add(project, lead)
    assert _add(other, lead).code == "P01"


def test_stakeholder_create_goes_from_p99_to_p100(project, lead):
    # given: 98 codes already given
    StakeholderCodeCounter.objects.create(project=project, last_number=98)
    # when
    codes = [_add(project, lead, f"Person {n}").code for n in range(2)]
    # then
    assert codes == ["P99", "P100"]


def test_stakeholder_create_never_reuses_a_deleted_code(project, lead):
    _add(project, lead, "Person one")
    _add(project, lead, "Person two").delete()
    assert _add(project, lead, "Person three").code == "P03"


def test_stakeholder_create_starts_after_codes_made_without_a_counter(project, lead):
    StakeholderFactory(project=project, code="P07")
    assert _add(project, lead).code == "P08"


def _add_retrying(project, by, name):
    """SQLite's shared in-memory test database answers 'locked' instead of waiting: try again."""
    for _ in range(200):
        try:
            return _add(project, by, name).code
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_stakeholder_create_gives_distinct_codes_under_concurrency(project, lead):
    # given: eight threads adding people to the same project at once
    codes: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def add(n: int) -> None:
        try:
            start.wait()
            codes.append(_add_retrying(project, lead, f"Person {n}"))
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then: every code is different and none is skipped
    assert not failures
    assert sorted(codes) == [f"P{n:02d}" for n in range(1, 9)]


def test_stakeholder_create_locks_the_counter_row(project, lead):
    with CaptureQueriesContext(connection) as queries:
        _add(project, lead)
    counter_reads = [
        q["sql"] for q in queries if "stakeholdercodecounter" in q["sql"] and "SELECT" in q["sql"]
    ]
    assert counter_reads
    if connection.features.has_select_for_update:
        assert all("FOR UPDATE" in sql for sql in counter_reads)


# Creating and editing people


def test_stakeholder_create_records_the_first_event_and_audit_without_personal_data(
    project, lead, organisation
):
    person = _add(
        project,
        lead,
        organisation=organisation,
        email="ffion@example.org",
        phone="0121 496 0001",
        interests=["Housing"],
    )
    event = RecruitmentEvent.objects.get(stakeholder=person)
    assert (event.from_status, event.to_status, event.recorded_by) == ("", S.IDENTIFIED, lead)
    assert person.recruitment_status == S.IDENTIFIED
    audit = AuditEvent.objects.get(action="people.stakeholder.created")
    assert audit.object_repr == person.code
    assert audit.project_id == project.pk
    for secret in ("Ffion", "Quillfeather", "ffion@example.org", "496"):
        assert secret not in _audit_text(audit)


def test_stakeholder_create_reuses_interests_whatever_their_case(project, lead):
    _add(project, lead, "One", interests=["Youth work"])
    person = _add(project, lead, "Two", interests=["youth work", "Housing"])
    assert Interest.objects.filter(project=project).count() == 2
    assert sorted(i.name for i in person.interests.all()) == ["Housing", "Youth work"]


def test_stakeholder_create_refuses_an_organisation_of_another_project(project, lead):
    elsewhere = OrganisationFactory()
    with pytest.raises(ValidationError):
        _add(project, lead, organisation=elsewhere)
    assert not Stakeholder.objects.exists()


def test_stakeholder_create_refuses_a_bad_email(project, lead):
    with pytest.raises(ValidationError):
        _add(project, lead, email="not an email")


def test_stakeholder_update_audits_changed_field_names_only(project, lead, person):
    services.stakeholder_update(
        stakeholder=person,
        by=lead,
        full_name="Ffion Quillfeather-Jones",
        job_title=person.job_title,
        organisation=person.organisation,
        email="fqj@example.org",
        phone=person.phone,
        interests=["Food poverty"],
        notes="",
    )
    audit = AuditEvent.objects.get(action="people.stakeholder.updated")
    assert audit.changes == {"fields": ["email", "full_name", "interests"]}
    assert audit.object_repr == person.code
    assert "Jones" not in _audit_text(audit) and "fqj" not in _audit_text(audit)
    person.refresh_from_db()
    assert person.full_name == "Ffion Quillfeather-Jones"


def test_stakeholder_update_without_changes_writes_no_audit(project, lead, person):
    services.stakeholder_update(
        stakeholder=person,
        by=lead,
        full_name=person.full_name,
        job_title=person.job_title,
        organisation=person.organisation,
        email=person.email,
        phone=person.phone,
        interests=["youth work", "Food poverty"],
        notes=person.notes,
    )
    assert not AuditEvent.objects.filter(action="people.stakeholder.updated").exists()


def test_stakeholder_update_leaves_the_object_unchanged_when_invalid(project, lead, person):
    with pytest.raises(ValidationError):
        services.stakeholder_update(
            stakeholder=person,
            by=lead,
            full_name="Someone Else",
            job_title="",
            organisation=None,
            email="broken",
            phone="",
            interests=[],
            notes="",
        )
    assert person.full_name == "Ffion Quillfeather"


# Recruitment status


def test_stakeholder_set_status_appends_an_event_and_updates_the_status(project, lead, person):
    event = services.stakeholder_set_status(stakeholder=person, to_status=S.INVITED, by=lead, note="Emailed")
    assert (event.from_status, event.to_status, event.note) == (S.IDENTIFIED, S.INVITED, "Emailed")
    assert person.recruitment_status == S.INVITED
    person.refresh_from_db()
    assert person.recruitment_status == S.INVITED
    assert [e.to_status for e in person.recruitment_events.all()] == [S.IDENTIFIED, S.INVITED]
    audit = AuditEvent.objects.get(action="people.stakeholder.status_changed")
    assert audit.changes == {"from": S.IDENTIFIED, "to": S.INVITED}
    assert audit.object_repr == person.code
    assert "Emailed" not in _audit_text(audit)


def test_stakeholder_set_status_by_the_person_themself(project, person):
    event = services.stakeholder_set_status(
        stakeholder=person, to_status=S.CONSENTED, by=None, actor_label="P01 via personal link"
    )
    assert event.recorded_by is None
    assert event.recorded_by_display == "P01 via personal link"
    audit = AuditEvent.objects.get(action="people.stakeholder.status_changed")
    assert audit.actor is None and audit.actor_label == "P01 via personal link"


def _person_at(project, lead, status):
    person = _add(project, lead, f"At {status}")
    Stakeholder.objects.filter(pk=person.pk).update(recruitment_status=status)
    person.refresh_from_db()
    return person


@pytest.mark.parametrize("from_status", S.values)
@pytest.mark.parametrize("to_status", S.values)
def test_stakeholder_set_status_follows_the_workflow(project, lead, from_status, to_status):
    person = _person_at(project, lead, from_status)
    allowed = to_status in ALLOWED_TRANSITIONS[from_status]
    if allowed:
        services.stakeholder_set_status(stakeholder=person, to_status=to_status, by=lead)
        person.refresh_from_db()
        assert person.recruitment_status == to_status
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.stakeholder_set_status(stakeholder=person, to_status=to_status, by=lead)
        person.refresh_from_db()
        assert person.recruitment_status == from_status
        assert person.recruitment_events.count() == 1


@pytest.mark.parametrize("from_status", [s for s in S.values if s != S.WITHDRAWN])
def test_withdrawn_is_reachable_from_every_other_status(from_status):
    assert S.WITHDRAWN in ALLOWED_TRANSITIONS[from_status]


def test_transition_message_says_what_is_allowed(project, lead):
    person = _person_at(project, lead, S.INTERVIEWED)
    with pytest.raises(services.TransitionNotAllowed) as error:
        services.stakeholder_set_status(stakeholder=person, to_status=S.INVITED, by=lead)
    assert error.value.messages == [
        f"{person.code} is interviewed and cannot move to invited. Allowed next: participating, withdrawn."
    ]


def test_next_statuses_are_in_workflow_order():
    assert next_statuses(from_status=S.IDENTIFIED) == [S.INVITED, S.CONSENTED, S.WITHDRAWN]


# Organisations


def test_organisation_create_audits_with_its_name(project, lead):
    organisation = services.organisation_create(
        project=project,
        by=lead,
        name="Brookvale Food Bank",
        sector=Sector.VCFSE,
        subsector=Subsector.VOLUNTARY,
    )
    audit = AuditEvent.objects.get(action="people.organisation.created")
    assert audit.object_repr == "Brookvale Food Bank"
    assert audit.object_id == str(organisation.pk)


def test_organisation_create_refuses_a_duplicate_name_in_any_case(project, lead, organisation):
    with pytest.raises(ValidationError):
        services.organisation_create(
            project=project, by=lead, name="BROOKVALE FOOD BANK", sector=Sector.VCFSE
        )
    # the same name in another project is fine
    services.organisation_create(
        project=ProjectFactory(), by=lead, name=organisation.name, sector=Sector.VCFSE
    )


def test_organisation_create_refuses_a_type_outside_the_sector(project, lead):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            project=project, by=lead, name="Ward Surgery", sector=Sector.PRIVATE, subsector=Subsector.NHS
        )
    assert "subsector" in error.value.message_dict
    assert not Organisation.objects.exists()


def _org_fields(organisation, **changes):
    fields = ("name", "sector", "subsector", "department", "size", "ward", "website", "notes")
    return {field: getattr(organisation, field) for field in fields} | changes


def test_organisation_update_audits_the_changed_fields(project, lead, organisation):
    services.organisation_update(
        organisation=organisation, by=lead, **_org_fields(organisation, ward="Northfield")
    )
    audit = AuditEvent.objects.get(action="people.organisation.updated")
    assert audit.changes == {"fields": ["ward"]}
    organisation.refresh_from_db()
    assert organisation.ward == "Northfield"


def test_organisation_update_leaves_the_object_unchanged_when_invalid(project, lead, organisation):
    OrganisationFactory(project=project, name="Acme Builders")
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=organisation, by=lead, **_org_fields(organisation, name="ACME builders")
        )
    assert organisation.name == "Brookvale Food Bank"
    assert not AuditEvent.objects.filter(action="people.organisation.updated").exists()


# Sampling targets


def test_sampling_targets_update_sets_changes_and_removes(project, lead):
    services.sampling_targets_update(project=project, by=lead, targets={Sector.VCFSE: 10, Sector.FUNDER: 2})
    services.sampling_targets_update(
        project=project, by=lead, targets={Sector.VCFSE: 12, Sector.FUNDER: None}
    )
    assert dict(SamplingTarget.objects.filter(project=project).values_list("sector", "target")) == {
        "vcfse": 12
    }
    audits = list(AuditEvent.objects.filter(action="people.sampling.updated").order_by("id"))
    assert audits[-1].changes == {"vcfse": [10, 12], "funder": [2, None]}


def test_sampling_targets_update_without_changes_writes_no_audit(project, lead):
    services.sampling_targets_update(project=project, by=lead, targets={Sector.VCFSE: None})
    assert not AuditEvent.objects.filter(action="people.sampling.updated").exists()


@pytest.mark.parametrize("targets", [{"charity": 3}, {Sector.VCFSE: 0}, {Sector.VCFSE: -2}])
def test_sampling_targets_update_refuses_bad_targets(project, lead, targets):
    with pytest.raises(ValueError):
        services.sampling_targets_update(project=project, by=lead, targets=targets)


def test_stakeholder_language_set_records_the_persons_choice_with_an_audit_row(project, person):
    # when the person chooses Urdu on a page of their personal link
    changed = services.stakeholder_language_set(
        stakeholder=person, language="ur", by=None, actor_label="participant via personal link"
    )

    # then it is recorded, and the audit row names the field and who chose, not the person
    person.refresh_from_db()
    assert changed and person.language == "ur"
    audit = AuditEvent.objects.get(action="people.stakeholder.language_set")
    assert (audit.object_repr, audit.actor_label, audit.changes) == (
        person.code,
        "participant via personal link",
        {"fields": ["language"]},
    )
    # choosing it again changes nothing and adds no row
    assert not services.stakeholder_language_set(stakeholder=person, language="ur", by=None)
    assert AuditEvent.objects.filter(action="people.stakeholder.language_set").count() == 1


def test_stakeholder_language_set_refuses_a_language_the_site_does_not_offer(project, lead, person):
    with pytest.raises(ValidationError, match="not a valid choice"):
        services.stakeholder_language_set(stakeholder=person, language="so", by=lead)

    person.refresh_from_db()
    assert person.language == ""
    assert not AuditEvent.objects.filter(action="people.stakeholder.language_set").exists()


def test_stakeholder_update_keeps_the_language_unless_given(project, lead, person):
    services.stakeholder_language_set(stakeholder=person, language="pl", by=lead)
    values = {
        "full_name": person.full_name, "job_title": "", "organisation": None, "email": "", "phone": "",
        "interests": [], "notes": "",
    }  # fmt: skip

    services.stakeholder_update(stakeholder=person, by=lead, **values)
    person.refresh_from_db()
    assert person.language == "pl"
    services.stakeholder_update(stakeholder=person, by=lead, language="bn", **values)
    person.refresh_from_db()
    assert person.language == "bn"
