"""The records list filtered by current decision, exclusion reason, disagreement and prior knowledge."""

import pytest
from django.urls import reverse

from coproduce.core.versions import record_version
from coproduce.evidence.models import CriterionKind, Decision, PriorLabel
from coproduce.evidence.selectors.filters import decision_groups
from coproduce.evidence.services.priors import prior_knowledge_mark
from coproduce.evidence.services.screening import (
    criterion_create,
    decision_withdraw,
    dual_screening_set,
    reference_screen,
)
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole


@pytest.fixture
def review(project, lead, member):
    """Seven records: included; excluded; maybe; undone; two screeners disagreeing blind; marked known
    relevant; never screened."""
    other = member(ProjectRole.RESEARCHER)
    records = [ReferenceFactory(project=project, title=f"Record {i}") for i in range(7)]
    off_topic = criterion_create(
        project=project, kind=CriterionKind.EXCLUDE, label="Off topic", description="", by=lead
    )
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, reason=off_topic, by=lead)
    reference_screen(reference=records[2], decision=Decision.MAYBE, by=lead)
    undone = reference_screen(reference=records[3], decision=Decision.INCLUDE, by=lead)
    decision_withdraw(reference=records[3], by=lead, version=record_version(undone))
    prior_knowledge_mark(project=project, references=[records[5]], label=PriorLabel.RELEVANT, by=lead)
    # the sample covers every record from here on; records screened already keep their single decision
    dual_screening_set(project=project, share_percent=100, by=lead)
    reference_screen(reference=records[4], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[4], decision=Decision.EXCLUDE, reason=off_topic, by=other)
    return records


def _ids(response):
    return {int(pk) for pk in response.context["page"].object_list.values_list("pk", flat=True)}


@pytest.mark.django_db
def test_decision_groups_read_the_current_decisions(project, review):
    records = review
    groups = decision_groups(project=project)
    # under 100% dual screening the single votes on records 0 to 2 wait for a second screener
    assert groups.counts()["conflict"] == 1
    assert groups.ids("conflict") == {records[4].pk}
    assert groups.ids("unscreened") == {records[3].pk, records[5].pk, records[6].pk}
    assert groups.counts()["unscreened"] == 3
    assert groups.ids("prior") == {records[5].pk}
    assert groups.status(records[3].pk) == "unscreened"
    assert groups.status(records[0].pk) == "waiting"  # one blind vote of two


@pytest.mark.django_db
def test_decision_groups_by_reason_use_the_changed_reason(project, lead):
    records = [ReferenceFactory(project=project) for _ in range(3)]
    off_topic, not_uk = (
        criterion_create(project=project, kind=CriterionKind.EXCLUDE, label=label, description="", by=lead)
        for label in ("Off topic", "Not UK")
    )
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, reason=off_topic, by=lead)
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, reason=not_uk, by=lead)
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, reason=off_topic, by=lead)
    reference_screen(reference=records[1], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[2], decision=Decision.MAYBE, by=lead)
    groups = decision_groups(project=project)
    assert groups.reasons == {off_topic.pk: set(), not_uk.pk: {records[0].pk}}
    assert groups.counts() == {
        "included": 1, "excluded": 1, "maybe": 1, "unscreened": 0, "conflict": 0, "prior": 0,
    }  # fmt: skip


@pytest.mark.django_db
def test_records_list_filters_by_decision_with_counts_kept_in_the_address(lead_client, project, review):
    records = review
    url = reverse("evidence:reference_list", kwargs={"project_id": project.public_id})
    response = lead_client.get(url, {"decision": "unscreened"})
    assert _ids(response) == {records[3].pk, records[5].pk, records[6].pk}
    page = response.content.decode()
    assert "Not screened yet (3)" in page and "Two screeners disagree (1)" in page
    assert '<option value="unscreened" selected>' in page
    assert _ids(lead_client.get(url, {"decision": "conflict"})) == {records[4].pk}
    assert _ids(lead_client.get(url, {"decision": "prior"})) == {records[5].pk}
    # the partial the filter form asks for by HTMX finds the same records
    partial = lead_client.get(url, {"decision": "prior"}, headers={"HX-Request": "true"})
    assert _ids(partial) == {records[5].pk} and '<form method="get"' not in partial.content.decode()


@pytest.mark.django_db
def test_records_list_filters_by_exclusion_reason(lead_client, project, lead):
    records = [ReferenceFactory(project=project) for _ in range(3)]
    off_topic, not_uk = (
        criterion_create(project=project, kind=CriterionKind.EXCLUDE, label=label, description="", by=lead)
        for label in ("Off topic", "Not UK")
    )
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, reason=off_topic, by=lead)
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, reason=not_uk, by=lead)
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, reason=off_topic, by=lead)
    url = reverse("evidence:reference_list", kwargs={"project_id": project.public_id})
    response = lead_client.get(url, {"reason": off_topic.pk})
    assert _ids(response) == {records[0].pk, records[1].pk}
    assert "Off topic (2)" in response.content.decode() and "Not UK (0)" in response.content.decode()
    assert _ids(lead_client.get(url, {"reason": not_uk.pk, "decision": "excluded"})) == set()
    # an unknown value is ignored rather than refused
    assert len(_ids(lead_client.get(url, {"decision": "nonsense"}))) == 3
