"""Blind dual screening: the sample, the queue, current decisions, conflicts and their resolution."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.evidence.models import Decision, DualScreeningSetting, ScreeningDecision
from coproduce.evidence.queue import SECOND, screening_next
from coproduce.evidence.selectors.screening import (
    RESOLUTION,
    conflict_list,
    current_decisions,
    dual_sample,
    in_dual_sample,
    screening_agreement,
)
from coproduce.evidence.services.screening import conflict_resolve, dual_screening_set, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole


@pytest.fixture
def records(project):
    return [ReferenceFactory(project=project, title=f"Council study {i}") for i in range(6)]


@pytest.fixture
def team(member):
    return [member(ProjectRole.RESEARCHER) for _ in range(3)]


@pytest.fixture
def all_dual(project, lead):
    return dual_screening_set(project=project, share_percent=100, by=lead)


def _url(name, project, **kwargs):
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id, **kwargs})


@pytest.mark.django_db
def test_dual_sample_is_stable_as_records_are_added(project, lead):
    # given a 30% sample over 200 records
    first = [ReferenceFactory(project=project) for _ in range(200)]
    setting = dual_screening_set(project=project, share_percent=30, by=lead)
    before = dual_sample(project=project)
    # when more records arrive
    [ReferenceFactory(project=project) for _ in range(50)]
    after = dual_sample(project=project)
    # then the first records stay in or out, and the share is roughly right
    assert after & {r.pk for r in first} == before
    assert 30 <= len(before) <= 90  # about 60; a wider band than chance ever leaves
    assert dual_screening_set(project=project, share_percent=30, by=lead).seed == setting.seed


def test_in_dual_sample_covers_nothing_at_zero_and_everything_at_100():
    assert not any(in_dual_sample(reference_id=i, seed=7, share_percent=0) for i in range(500))
    assert all(in_dual_sample(reference_id=i, seed=7, share_percent=100) for i in range(500))


@pytest.mark.django_db
def test_dual_screening_set_refuses_a_share_over_100_and_writes_audit(project, lead):
    with pytest.raises(ValidationError):
        dual_screening_set(project=project, share_percent=101, by=lead)
    dual_screening_set(project=project, share_percent=20, by=lead)
    assert DualScreeningSetting.objects.get().share_percent == 20
    assert AuditEvent.objects.filter(action="evidence.dual_screening.updated").count() == 1


@pytest.mark.django_db
def test_current_decisions_need_two_agreeing_screeners_or_a_resolution(project, records, team, all_dual):
    a, b, c = team
    agreed, conflict, single = records[0], records[1], records[2]
    reference_screen(reference=agreed, decision=Decision.EXCLUDE, by=a)
    reference_screen(reference=single, decision=Decision.INCLUDE, by=a)
    assert current_decisions(project=project) == {}  # one blind vote is not yet a decision
    reference_screen(reference=agreed, decision=Decision.EXCLUDE, by=b)
    reference_screen(reference=conflict, decision=Decision.INCLUDE, by=a)
    reference_screen(reference=conflict, decision=Decision.MAYBE, by=b)
    # a screener who changes their mind changes their vote: the two now disagree, until they change it back
    reference_screen(reference=agreed, decision=Decision.INCLUDE, by=b)
    assert current_decisions(project=project) == {}
    assert list(conflict_list(project=project)) == [agreed, conflict]
    reference_screen(reference=agreed, decision=Decision.EXCLUDE, by=b)
    assert current_decisions(project=project) == {agreed.pk: Decision.EXCLUDE}
    assert list(conflict_list(project=project)) == [conflict]
    conflict_resolve(reference=conflict, decision=Decision.INCLUDE, by=c)
    assert current_decisions(project=project) == {agreed.pk: Decision.EXCLUDE, conflict.pk: Decision.INCLUDE}
    assert not conflict_list(project=project).exists()
    assert ScreeningDecision.objects.get(reference=conflict, screened_by=c).offered_as == RESOLUTION


@pytest.mark.django_db
def test_current_decisions_without_dual_screening_take_the_latest(project, records, team):
    a, b, _ = team
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=a)
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=b)
    assert current_decisions(project=project) == {records[0].pk: Decision.EXCLUDE}


@pytest.mark.django_db
def test_conflict_resolve_only_by_a_third_person(project, records, team, all_dual):
    a, b, c = team
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=a)
    with pytest.raises(ValidationError):  # no disagreement yet
        conflict_resolve(reference=records[0], decision=Decision.INCLUDE, by=c)
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=b)
    for screener in (a, b):
        with pytest.raises(PermissionDenied):
            conflict_resolve(reference=records[0], decision=Decision.INCLUDE, by=screener)
    conflict_resolve(reference=records[0], decision=Decision.EXCLUDE, by=c)
    assert AuditEvent.objects.filter(action="evidence.conflict.resolved").count() == 1


@pytest.mark.django_db
def test_screening_next_offers_each_person_records_they_have_not_screened(project, records, team, all_dual):
    a, b, c = team
    for record in records:
        reference_screen(reference=record, decision=Decision.INCLUDE, by=a)
    # a has screened everything; b gets each record as the blind second screening
    assert screening_next(project=project, screener_id=a.pk).reference is None
    upcoming = screening_next(project=project, screener_id=b.pk)
    assert upcoming.reference is not None and upcoming.offered_as == SECOND
    for record in records:
        reference_screen(reference=record, decision=Decision.EXCLUDE, by=b)
    # every record is now a disagreement: it goes to the conflict list, not to a third screener
    assert screening_next(project=project, screener_id=c.pk).reference is None
    assert conflict_list(project=project).count() == len(records)


@pytest.mark.django_db
def test_screening_agreement_counts_pairs_of_blind_votes(project, records, team, all_dual):
    a, b, _ = team
    votes = [("include", "include"), ("exclude", "exclude"), ("exclude", "maybe")]
    for record, (first, second) in zip(records, votes, strict=False):
        reference_screen(reference=record, decision=first, by=a)
        reference_screen(reference=record, decision=second, by=b)
    reference_screen(reference=records[5], decision=Decision.INCLUDE, by=a)  # no pair yet
    result = screening_agreement(project=project)
    assert result.n_pairs == 3
    assert result.observed == pytest.approx(2 / 3)
    assert result.table[1] == (0, 1, 1)  # first excluded: second excluded once, maybe once


@pytest.mark.django_db
def test_screen_page_never_shows_the_other_screeners_decision(client, project, team, all_dual):
    a, b, _ = team
    record = ReferenceFactory(project=project, title="Youth services in Northtown")
    reference_screen(reference=record, decision=Decision.EXCLUDE, note="SECRET-NOTE-A", by=a)
    client.force_login(b)
    for name, kwargs in [("screen", {}), ("reference_detail", {"pk": record.pk})]:
        body = client.get(_url(name, project, **kwargs)).content.decode()
        assert "Youth services in Northtown" in body
        assert "SECRET-NOTE-A" not in body and "Exclude</dd>" not in body and "1 excluded" not in body
    client.force_login(a)
    assert client.get(_url("screen", project)).context["reference"] is None


@pytest.mark.django_db
def test_conflict_pages_end_to_end(client, project, team, all_dual):
    a, b, c = team
    record = ReferenceFactory(project=project, title="Library closures")
    reference_screen(reference=record, decision=Decision.INCLUDE, note="Looks relevant", by=a)
    reference_screen(reference=record, decision=Decision.MAYBE, by=b)
    resolve = _url("conflict_resolve", project, reference_id=record.pk)
    # the two screeners get a clear refusal
    client.force_login(a)
    refused = client.get(resolve)
    assert refused.status_code == 403 and "Someone else must resolve" in refused.content.decode()
    assert client.post(resolve, {"decision": "include"}).status_code == 403
    # a third person sees both decisions side by side and decides
    client.force_login(c)
    assert "Library closures" in client.get(_url("conflict_list", project)).content.decode()
    page = client.get(resolve).content.decode()
    assert "Looks relevant" in page and "Maybe" in page
    assert client.post(resolve, {}).status_code == 400
    assert client.post(resolve, {"decision": "include"}).status_code == 302
    assert current_decisions(project=project) == {record.pk: Decision.INCLUDE}
    assert client.get(resolve).status_code == 404  # nothing left to resolve


@pytest.mark.django_db
def test_screen_form_cannot_pose_as_a_resolution(client, project, team, all_dual):
    a, b, _ = team
    record = ReferenceFactory(project=project)
    reference_screen(reference=record, decision=Decision.INCLUDE, by=a)
    client.force_login(b)
    client.post(
        _url("screen", project), {"reference_id": record.pk, "decision": "exclude", "offered_as": RESOLUTION}
    )
    assert not ScreeningDecision.objects.filter(offered_as=RESOLUTION).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ProjectRole))
def test_dual_settings_page_is_for_evidence_managers(client, project, member, role):
    client.force_login(member(role))
    response = client.post(_url("dual_settings", project), {"share_percent": "20"})
    assert response.status_code == (302 if role.can_manage_evidence() else 403)
    assert DualScreeningSetting.objects.exists() == role.can_manage_evidence()


@pytest.mark.django_db
def test_dual_settings_page_shows_an_error_for_a_bad_share(client, project, lead):
    client.force_login(lead)
    response = client.post(_url("dual_settings", project), {"share_percent": "150"})
    assert response.status_code == 400 and "Enter a share from 0 to 100" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ProjectRole))
def test_conflict_and_agreement_pages_by_role(client, project, member, role, all_dual):
    client.force_login(member(role))
    assert client.get(_url("conflict_list", project)).status_code == (200 if role.can_screen() else 403)
    page = client.get(_url("agreement", project))
    assert page.status_code == 200 and "kappa paradox" in page.content.decode()


@pytest.mark.django_db
def test_agreement_page_shows_the_confusion_table(client, project, records, team, all_dual):
    a, b, _ = team
    for record in records[:2]:
        reference_screen(reference=record, decision=Decision.EXCLUDE, by=a)
        reference_screen(reference=record, decision=Decision.EXCLUDE, by=b)
    client.force_login(a)
    page = client.get(_url("agreement", project))
    assert page.context["agreement"].n_pairs == 2
    assert "Second: exclude" in page.content.decode()
    assert "Agreement between screeners" in client.get(_url("screen", project)).content.decode()


@pytest.mark.django_db
def test_agreement_pages_say_ac1_is_over_the_categories_used(client, project, records, team, all_dual):
    # given two screeners who included one record together and excluded another, and never chose "maybe"
    a, b, _ = team
    for record, decision in zip(records, [Decision.INCLUDE, Decision.EXCLUDE], strict=False):
        reference_screen(reference=record, decision=decision, by=a)
        reference_screen(reference=record, decision=decision, by=b)
    client.force_login(a)
    # then the agreement page and the screening page's panel name the two categories AC1 counted
    said = "over the 2 categories used: include, exclude"
    assert said in client.get(_url("agreement", project)).content.decode()
    assert said in client.get(_url("screen", project)).content.decode()
