"""The evidence behind each published recommendation on the public page, as an expandable tree with the views
by sector, and as a CSV table: both as published, nothing personal, no small group counted."""

import csv
import io

import pytest
from django.urls import reverse

from coproduce.analysis.tests.speaker_data import consent_set
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.people.sectors import Sector
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.recommendations.tests.test_trace import QUOTE, _world
from coproduce.reports.selectors.publication import publication_preview
from coproduce.reports.services import publication_unpublish
from coproduce.reports.tests.test_public_page import publish

pytestmark = pytest.mark.django_db

FEW = "fewer than 5"
POOL = f"Other sectors together: {Sector.VCFSE.label}; {Sector.FUNDER.label}"


@pytest.fixture
def world(project, lead):
    """R1 of the trace's world (three funders and one VCFSE body answered on it), published; a draft too."""
    world = _world(project, lead)
    recommendation_publish(recommendation=world.recommendation, by=lead, reason="Agreed")
    recommendation_create(project=project, by=lead, action="A draft not to be seen")
    publish(project, lead)
    return world


def _get(client, name="public_page"):
    return client.get(reverse(f"reports_public:{name}", kwargs={"slug": "early-help"}))


def test_each_published_recommendation_opens_to_its_evidence_and_views_by_sector(client, world):
    page = _get(client).content.decode()

    assert '<a class="govuk-link" href="#evidence">The evidence behind each recommendation</a>' in page
    summary = page.split('<details class="govuk-details app-trace-public" id="evidence-r1">', 1)[1]
    assert summary.split("</summary>")[0].count("R1. Pool grants") == 1
    assert "Element: Early help: Trust first" in page and "Code: Referrals" in page
    assert f"“{QUOTE}”" in page and f"{Sector.PUBLIC_SECTOR.label}; theme Working together" in page
    assert "3 votes: 2 agree, 0 disagree, 1 pass" in page and "3 dots" in page
    assert "Views on R1 by sector" in page
    assert f'<th scope="row" class="govuk-table__header">{POOL}</th>' in page
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{FEW}</td>' in page
    assert "some sectors gave too few answers to give totals in public" in page


def test_the_public_trace_holds_nothing_personal(client, world):
    page = _get(client).content.decode()
    table = _get(client, "public_evidence_csv").content.decode()

    for text in (page, table):
        assert (
            "P08" not in text and "Heard in every sector" not in text and "A draft not to be seen" not in text
        )
        assert "Ffion Quillfeather" not in text and "(3 answered" not in text
    assert 'href="/p/' not in page  # no link into the team's pages


def test_the_csv_is_the_public_table_as_published(client, world, lead):
    response = _get(client, "public_evidence_csv")

    assert response["Content-Disposition"] == 'attachment; filename="early-help-evidence.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    paths = [row[0] for row in rows]
    assert rows[0][:2] == ["Path", "Recommendation"]
    assert "R1 > Early help: Trust first > Working together > Referrals" in paths
    pooled = rows[paths.index(f"R1 > Endorsement > {POOL}")]
    assert (
        pooled[7]
        == f"{FEW} support, {FEW} support with changes, {FEW} object ({FEW} answered of {FEW} asked)"
    )

    # a change after publishing reaches neither the page nor the table until the lead publishes again
    world.recommendation.action = "Changed after publishing"
    world.recommendation.save()
    assert "Changed after publishing" not in _get(client, "public_evidence_csv").content.decode()


def test_a_withdrawn_quote_takes_the_evidence_off_until_published_again(client, world, lead, project):
    consent_set(world.group.colleague, lead, ConsentScope.ANONYMISED_QUOTES, kind=ConsentKind.WITHDRAWN)

    page = _get(client).content.decode()

    assert QUOTE not in page and "The evidence is being updated" in page
    assert _get(client, "public_evidence_csv").status_code == 404
    publish(project, lead)
    again = _get(client).content.decode()
    assert QUOTE not in again and "Element: Early help: Trust first" in again


def test_taking_the_page_down_removes_the_evidence(client, world, lead, project):
    publication = publication_unpublish(project=project, by=lead)

    assert publication.trace_content == publication.trace_csv == "" and publication.trace_quote_ids == []
    assert _get(client, "public_evidence_csv").status_code == 404


def test_the_checklist_reads_the_public_evidence_for_personal_data(project, lead, world):
    world.card.text = "Ring Sam on 07700 900123 about referrals"
    world.card.save()

    checklist = publication_preview(project=project, include_report=False).checklist

    found = [(i.where, i.problem) for i in checklist if i.kind == "personal_data"]
    assert ("The evidence behind R1: Workshop cards", "A UK phone number: “07700 900123”") in found
