"""Publishing over objections: a warning when the sector that must lead a recommendation, or most of any
sector, objected; only a lead publishes it then, and the decision record keeps the warning and why."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.recommendations.models import PublicationDecision, RecommendationStatus
from coproduce.recommendations.selectors.objections import recommendation_endorsement
from coproduce.recommendations.services.endorsement import endorsement_submit
from coproduce.recommendations.services.recommendations import (
    ObjectionsToAcknowledge,
    recommendation_create,
    recommendation_publish,
)
from coproduce.recommendations.tests.endorsed import round_answered

pytestmark = pytest.mark.django_db


def _answers(project, lead, recommendation, answers):
    """Open a round and record `answers`: a list of (sector or None, position), one person each."""
    return round_answered(
        project=project, lead=lead, answers=[(sector, {recommendation: p}) for sector, p in answers]
    )


def _draft(project, lead, **values):
    values = {"action": "Pool small grants", "lead_sector": Sector.FUNDER, **values}
    return recommendation_create(project=project, by=lead, **values)


F, V, LA = Sector.FUNDER, Sector.VCFSE, Sector.LOCAL_AUTHORITY


@pytest.mark.parametrize(
    "answers, expected",
    [
        # one objection from the sector that must lead it is enough
        ([(F, "support"), (F, "support"), (F, "object")], [(F, 1, 3, True, False)]),
        # most of another sector: 2 of 3 is a majority, and the lead sector's support does not hide it
        ([(F, "support"), (V, "object"), (V, "object"), (V, "changes")], [(V, 2, 3, False, True)]),
        # half is not a majority; people with no organisation make no sector
        ([(V, "object"), (V, "support"), (None, "object"), (LA, "changes")], []),
        # everyone supports, with or without changes
        ([(F, "changes"), (V, "support")], []),
    ],
)
def test_objections_are_found_from_the_lead_sector_or_a_sector_majority(project, lead, answers, expected):
    recommendation = _draft(project, lead)
    _answers(project, lead, recommendation, answers)

    found = recommendation_endorsement(recommendation=recommendation).objections

    assert [(o.sector, o.objected, o.answered, o.lead, o.majority) for o in found] == expected


def test_the_lead_organisations_sector_leads_when_no_lead_sector_is_set(project, lead):
    council = OrganisationFactory(project=project, sector=LA, name="Birmingham City Council")
    recommendation = _draft(project, lead, lead_sector="", lead_organisation=council)
    _answers(project, lead, recommendation, [(LA, "object"), (LA, "support"), (LA, "support")])

    [objection] = recommendation_endorsement(recommendation=recommendation).objections

    assert objection.lead and objection.text.startswith(f"{LA.label}, the sector that must lead it: 1 of 3")


def test_publishing_over_objections_needs_them_acknowledged_and_records_the_decision(project, lead):
    # Given a recommendation that a funder, the sector that must lead it, objected to
    recommendation = _draft(project, lead)
    _answers(project, lead, recommendation, [(F, "object"), (F, "support")])
    digest = recommendation_endorsement(recommendation=recommendation).digest

    # When the lead publishes without acknowledging, then with the acknowledgement and no reason
    with pytest.raises(ObjectionsToAcknowledge):
        recommendation_publish(recommendation=recommendation, by=lead)
    with pytest.raises(ValidationError, match="Say why"):
        recommendation_publish(recommendation=recommendation, by=lead, acknowledged=digest, reason=" ")
    recommendation.refresh_from_db()
    assert recommendation.status != RecommendationStatus.PUBLISHED
    decision = recommendation_publish(
        recommendation=recommendation, by=lead, acknowledged=digest, reason="Funders asked for a pilot first"
    )

    # Then it is published, and the decision record keeps the objection and why
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.PUBLISHED
    [objection] = decision.objections
    assert (objection["sector"], objection["objected"], objection["answered"], objection["lead"]) == (
        F, 1, 2, True,
    )  # fmt: skip
    assert decision.reason == "Funders asked for a pilot first" and decision.decided_by == lead
    audit = AuditEvent.objects.get(action="recommendations.recommendation.published")
    assert audit.changes["objections"] == [objection["text"]]


def test_an_acknowledgement_is_for_the_objections_as_they_were_read(project, lead):
    # Given a lead who read one objection
    recommendation = _draft(project, lead)
    round_ = _answers(project, lead, recommendation, [(F, "object"), (F, "support")])
    digest = recommendation_endorsement(recommendation=recommendation).digest

    # When the other funder changes their answer to an objection before the lead publishes
    endorsement_submit(
        invite=round_.invites.exclude(endorsements__position="object").get(),
        positions={recommendation.pk: ("object", "")}, notify_updates=False,
    )  # fmt: skip

    # Then the acknowledgement no longer counts, and nothing is published
    with pytest.raises(ObjectionsToAcknowledge):
        recommendation_publish(recommendation=recommendation, by=lead, acknowledged=digest, reason="Pilot")
    assert not PublicationDecision.objects.exists()


def test_only_a_lead_publishes_over_objections(project, lead, member):
    recommendation = _draft(project, lead)
    _answers(project, lead, recommendation, [(F, "object")])
    digest = recommendation_endorsement(recommendation=recommendation).digest

    with pytest.raises(PermissionDenied):
        recommendation_publish(
            recommendation=recommendation, by=member(ProjectRole.RESEARCHER), acknowledged=digest, reason="x"
        )


def test_publishing_without_objections_records_a_decision_with_none(project, lead):
    recommendation = _draft(project, lead)

    decision = recommendation_publish(recommendation=recommendation, by=lead)

    assert (decision.version, decision.objections, decision.reason) == (1, [], "")


# --- the pages ---


def _detail_url(recommendation, name="recommendation_detail"):
    kwargs = {"project_id": recommendation.project.public_id, "recommendation_id": recommendation.public_id}
    return reverse(f"recommendations:{name}", kwargs=kwargs)


def test_the_page_warns_and_the_lead_confirms_before_publishing(project, lead, lead_client):
    # Given a recommendation that most of the voluntary sector objected to
    recommendation = _draft(project, lead)
    _answers(project, lead, recommendation, [(V, "object"), (V, "object"), (F, "support")])
    digest = recommendation_endorsement(recommendation=recommendation).digest

    # When the lead opens it, presses publish without ticking, then ticks and says why
    page = lead_client.get(_detail_url(recommendation)).content.decode()
    publish = _detail_url(recommendation, "recommendation_publish")
    unticked = lead_client.post(publish, {"acknowledged": digest})
    published = lead_client.post(
        publish,
        {"acknowledged": digest, "confirm": "on", "reason": "The voluntary sector's changes were made"},
        follow=True,
    )

    # Then the page warned, the first press was refused, and the decision record shows the acknowledgement
    assert "Objections to read before publishing" in page
    assert f"{V.label}: 2 of 2 who answered objected (a majority)" in page
    assert "Tick to confirm that you have read the objections" in unticked.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.PUBLISHED
    shown = published.content.decode()
    assert "Decision record" in shown and "The voluntary sector&#x27;s changes were made" in shown


def test_a_researcher_sees_the_objections_and_that_only_a_lead_may_publish(project, lead, member, client):
    recommendation = _draft(project, lead)
    _answers(project, lead, recommendation, [(F, "object")])
    client.force_login(member(ProjectRole.RESEARCHER))

    page = client.get(_detail_url(recommendation)).content.decode()
    refused = client.post(_detail_url(recommendation, "recommendation_publish"), follow=True)

    assert "Only a project lead can publish it over these objections" in page
    assert "Only a project lead can publish a recommendation that a sector objected to" in (
        refused.content.decode()
    )
    recommendation.refresh_from_db()
    assert recommendation.status != RecommendationStatus.PUBLISHED
