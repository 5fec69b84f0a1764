"""Excluding first and giving the reason after: the service, the screening page's panel and its form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.evidence.models import CriterionKind, Decision, ScreeningDecision
from coproduce.evidence.prisma import current_reasons
from coproduce.evidence.queue import RANDOM
from coproduce.evidence.selectors.screening import current_decisions
from coproduce.evidence.services.screening import criterion_create, reference_screen
from coproduce.evidence.services.screening_reasons import decision_reason_add
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole


@pytest.fixture
def records(project):
    return [ReferenceFactory(project=project, title=f"Youth services study {i}") for i in range(4)]


@pytest.fixture
def reasons(project, lead):
    return [
        criterion_create(project=project, kind=CriterionKind.EXCLUDE, label=label, description="", by=lead)
        for label in ("Not local government", "Not about young people")
    ]


def _url(name, project, order=""):
    url = reverse(f"evidence:{name}", kwargs={"project_id": project.public_id})
    return f"{url}?order={order}" if order else url


@pytest.mark.django_db
def test_decision_reason_add_records_the_exclusion_again_with_its_reason(project, records, reasons, lead):
    # given an exclusion without a reason, with a note, offered at random
    first = reference_screen(
        reference=records[0], decision=Decision.EXCLUDE, note="Rats", offered_as=RANDOM, by=lead
    )
    # when its reason is given
    made = decision_reason_add(decision=first, reason=reasons[1], by=lead)
    # then the first decision stays in the log and the new one carries the reason, note and offer
    assert list(ScreeningDecision.objects.order_by("id")) == [first, made]
    assert (made.decision, made.reason, made.note, made.offered_as) == (
        Decision.EXCLUDE,
        reasons[1],
        "Rats",
        RANDOM,
    )
    assert current_decisions(project=project) == {records[0].pk: Decision.EXCLUDE}
    assert current_reasons(project=project, stage="title_abstract") == {
        records[0].pk: "Not about young people"
    }


@pytest.mark.django_db
def test_decision_reason_add_refuses_a_decision_changed_since_or_not_an_exclusion(records, reasons, lead):
    excluded = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    with pytest.raises(ValidationError, match="changed your decision on this record since"):
        decision_reason_add(decision=excluded, reason=reasons[0], by=lead)
    maybe = reference_screen(reference=records[1], decision=Decision.MAYBE, by=lead)
    with pytest.raises(ValidationError, match="exclusion only"):
        decision_reason_add(decision=maybe, reason=reasons[0], by=lead)
    assert ScreeningDecision.objects.count() == 3


@pytest.mark.django_db
def test_decision_reason_add_refuses_a_criterion_that_is_not_a_reason_to_exclude(
    project, records, reasons, lead
):
    inclusion = criterion_create(
        project=project, kind=CriterionKind.INCLUDE, label="About councils", description="", by=lead
    )
    excluded = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    with pytest.raises(ValidationError):
        decision_reason_add(decision=excluded, reason=inclusion, by=lead)
    assert ScreeningDecision.objects.count() == 1


@pytest.mark.django_db
def test_screen_page_offers_numbered_reasons_after_an_exclusion_only(client, project, records, reasons, lead):
    client.force_login(lead)
    # given nothing decided yet, then there is no reason panel
    assert 'id="reason-form"' not in client.get(_url("screen", project)).content.decode()
    # when the screener excludes the record shown, with no reason
    shown = client.get(_url("screen", project)).context["reference"]
    response = client.post(_url("screen", project), {"reference_id": shown.pk, "decision": "exclude"})
    assert response.status_code == 302
    # then the next page says so and offers each reason with its number, marked optional
    body = client.get(_url("screen", project)).content.decode()
    assert f"You excluded “{shown.title}” without a reason." in body
    assert "Add a reason (optional)" in body
    assert (
        'data-shortcut="1" aria-keyshortcuts="1"><span class="app-kbd">1</span> Not local government' in body
    )
    assert (
        'data-shortcut="2" aria-keyshortcuts="2"><span class="app-kbd">2</span> Not about young people'
        in body
    )
    # and once the next record is included, the panel has gone
    following = client.get(_url("screen", project)).context["reference"]
    client.post(_url("screen", project), {"reference_id": following.pk, "decision": "include"})
    assert 'id="reason-form"' not in client.get(_url("screen", project)).content.decode()


@pytest.mark.django_db
def test_screen_reason_form_gives_the_last_exclusion_its_reason_and_keeps_the_order(
    client, project, records, reasons, lead
):
    client.force_login(lead)
    excluded = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    response = client.post(
        _url("screen_reason", project, RANDOM), {"decision_id": excluded.pk, "reason": reasons[0].pk}
    )
    assert response.status_code == 302 and response.url.endswith("?order=random&reason=added")
    assert ScreeningDecision.objects.latest("id").reason == reasons[0]
    body = client.get(response.url).content.decode()
    assert "because: Not local government" in body and "Change the reason (optional)" in body
    assert 'role="status" id="reason-status" data-say="Reason recorded: Not local government"' in body


@pytest.mark.django_db
def test_screen_reason_form_never_touches_someone_elses_decision(client, project, records, reasons, member):
    other = member(ProjectRole.RESEARCHER)
    theirs = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=other)
    client.force_login(member(ProjectRole.RESEARCHER))
    response = client.post(
        _url("screen_reason", project), {"decision_id": theirs.pk, "reason": reasons[0].pk}
    )
    assert response.status_code == 404
    assert ScreeningDecision.objects.count() == 1


@pytest.mark.django_db
def test_screen_reason_form_says_why_a_reason_was_not_added(client, project, records, reasons, lead):
    client.force_login(lead)
    excluded = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    reference_screen(reference=records[0], decision=Decision.MAYBE, by=lead)
    response = client.post(
        _url("screen_reason", project), {"decision_id": excluded.pk, "reason": reasons[0].pk}, follow=True
    )
    assert "You have changed your decision on this record since" in response.content.decode()
    assert ScreeningDecision.objects.count() == 2
