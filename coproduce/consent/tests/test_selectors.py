import datetime as dt
import json

import pytest
from django.core import signing
from django.utils import timezone

from coproduce.consent import services
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.consent.selectors import (
    LinkState,
    consent_form_current,
    consent_given_scopes,
    consent_status,
    consent_summary,
    personal_link_current,
    personal_link_resolve,
    personal_link_token,
    subject_access_sections,
)
from coproduce.consent.selectors.status import consent_given_among
from coproduce.consent.tests.factories import (
    ConsentEventFactory,
    ConsentFormFactory,
    PersonalLinkFactory,
    current_kinds,
)
from coproduce.people.tests.factories import StakeholderFactory

S = ConsentScope
NOW = timezone.now()


def _event(stakeholder, kind, minutes, scope=S.INTERVIEW):
    return ConsentEventFactory(
        stakeholder=stakeholder, scope=scope, kind=kind, created_at=NOW + dt.timedelta(minutes=minutes)
    )


def test_consent_given_among_matches_each_persons_latest_event_in_one_query(
    project, django_assert_num_queries
):
    # given people whose quote consent was given, given then withdrawn, withdrawn then given, refused,
    # never asked, and given only for another scope
    people = [StakeholderFactory(project=project) for _ in range(6)]
    q = S.ANONYMISED_QUOTES
    _event(people[0], ConsentKind.GIVEN, 1, q)
    _event(people[1], ConsentKind.GIVEN, 1, q)
    _event(people[1], ConsentKind.WITHDRAWN, 2, q)
    _event(people[2], ConsentKind.WITHDRAWN, 1, q)
    _event(people[2], ConsentKind.GIVEN, 2, q)
    _event(people[3], ConsentKind.REFUSED, 1, q)
    _event(people[5], ConsentKind.GIVEN, 1, S.INTERVIEW)

    # when asked who consents to quotes, then it is one query, and it agrees with each person's status
    with django_assert_num_queries(1):
        given = consent_given_among(stakeholder_ids=[p.pk for p in people], scope=q)
    assert given == {people[0].pk, people[2].pk}
    assert given == {p.pk for p in people if q in consent_given_scopes(stakeholder=p)}


def test_consent_status_takes_the_latest_event_per_scope(project):
    person = StakeholderFactory(project=project)
    # given -> withdrawn -> given: given again
    _event(person, ConsentKind.GIVEN, 1)
    _event(person, ConsentKind.WITHDRAWN, 2)
    latest = _event(person, ConsentKind.GIVEN, 3)
    _event(person, ConsentKind.REFUSED, 1, scope=S.WORKSHOPS)

    status = consent_status(stakeholder=person)

    assert status[S.INTERVIEW] == latest
    assert current_kinds(person)[S.WORKSHOPS] == ConsentKind.REFUSED
    assert status[S.RECONTACT] is None
    assert list(status) == ConsentScope.values


def test_consent_status_orders_by_time_not_by_insertion(project):
    person = StakeholderFactory(project=project)
    _event(person, ConsentKind.WITHDRAWN, 5)
    _event(person, ConsentKind.GIVEN, 1)  # recorded later, but happened earlier (e.g. a paper form)

    assert current_kinds(person)[S.INTERVIEW] == ConsentKind.WITHDRAWN


def test_consent_summary_counts_people_by_current_status(project, django_assert_max_num_queries):
    given_again, withdrawn, refused, _never = StakeholderFactory.create_batch(4, project=project)
    for minutes, kind in enumerate([ConsentKind.GIVEN, ConsentKind.WITHDRAWN, ConsentKind.GIVEN]):
        _event(given_again, kind, minutes)
    _event(withdrawn, ConsentKind.GIVEN, 1)
    _event(withdrawn, ConsentKind.WITHDRAWN, 2)
    _event(refused, ConsentKind.REFUSED, 1)
    _event(StakeholderFactory(), ConsentKind.GIVEN, 1)  # another project

    with django_assert_max_num_queries(2):
        summary = {row.scope: row for row in consent_summary(project=project)}

    interview = summary[S.INTERVIEW]
    assert (interview.given, interview.refused, interview.withdrawn, interview.none) == (1, 1, 1, 1)
    assert interview.label == S.INTERVIEW.label and interview.total == 4
    assert summary[S.WORKSHOPS].none == 4
    assert list(summary) == ConsentScope.values


def test_consent_summary_of_an_empty_project(project):
    assert all(row.total == 0 for row in consent_summary(project=project))


def test_consent_form_current_is_the_latest_published_version(project):
    assert consent_form_current(project=project) is None
    ConsentFormFactory(project=project, version=1)
    second = ConsentFormFactory(project=project, version=2)
    ConsentFormFactory(project=project, version=3, published_at=None)
    ConsentFormFactory(version=4)  # another project

    assert consent_form_current(project=project) == second


@pytest.mark.parametrize(
    "change, state",
    [
        ({}, LinkState.VALID),
        ({"expires_at": NOW - dt.timedelta(seconds=1)}, LinkState.EXPIRED),
        ({"revoked_at": NOW}, LinkState.EXPIRED),
    ],
)
def test_personal_link_resolve_by_state(db, change, state):
    link = PersonalLinkFactory(**change)

    resolution = personal_link_resolve(token=personal_link_token(link=link))

    assert resolution.state is state and resolution.link == link


def test_personal_link_resolve_tampered_and_gone(db):
    link = PersonalLinkFactory()
    token = personal_link_token(link=link)

    assert personal_link_resolve(token=token[:-2] + "xx").state is LinkState.TAMPERED
    assert (
        personal_link_resolve(token=signing.dumps(str(link.public_id), salt="other")).state
        is LinkState.TAMPERED
    )
    assert personal_link_resolve(token="not-a-token").state is LinkState.TAMPERED
    link.delete()
    assert personal_link_resolve(token=token).state is LinkState.GONE


def test_personal_link_current_skips_revoked_and_expired(db):
    person = StakeholderFactory()
    PersonalLinkFactory(stakeholder=person, revoked_at=NOW)
    assert personal_link_current(stakeholder=person) is None
    usable = PersonalLinkFactory(stakeholder=person)
    assert personal_link_current(stakeholder=person) == usable


def test_subject_access_export_holds_everything_about_the_person(person, consent_form, lead):
    services.consent_record(
        stakeholder=person, form=consent_form, scopes=[S.INTERVIEW], kind="given", method="paper", by=lead
    )
    services.personal_link_create(stakeholder=person, form=consent_form, by=lead)

    sections = {s.key: s.as_json()["records"] for s in subject_access_sections(stakeholder=person)}

    json.dumps(sections)  # serialisable
    details, *history = sections["register"]
    assert details["full_name"] == "Ffion Quillfeather"
    assert details["email"] == "ffion.quillfeather@example.org"
    assert details["organisation"] == "Brookvale Food Bank"
    assert details["interests"] == "Food poverty"
    assert [row["to"] for row in history if "to" in row] == ["Identified", "Consented"]
    actions = [row["action"] for row in history if "action" in row]
    assert "people.stakeholder.created" in actions and "consent.event.recorded" in actions
    decision, link = sections["consent"]
    assert (decision["scope"], decision["decision"]) == (S.INTERVIEW.label, "Given")
    assert set(link) == {"title", "created_at", "expires_at", "revoked_at"}
