"""Empty sections say so to the team and are left out of the downloads; the report page lists empty sections
and claims with no evidence before anyone downloads it."""

import pytest
from django.urls import reverse

from coproduce.frameworks.services.frameworks import element_create
from coproduce.recommendations.services.recommendations import recommendation_create
from coproduce.reports.document import Audience, Notice
from coproduce.reports.exports.html_writer import report_html
from coproduce.reports.selectors.checklist import CheckKind
from coproduce.reports.selectors.document import report_document
from coproduce.reports.selectors.export_checklist import export_checklist

pytestmark = pytest.mark.django_db


def test_an_empty_section_says_so_to_the_team_and_is_left_out_of_the_downloads(project):
    team = report_document(project=project, audience=Audience.TEAM)
    public = report_document(project=project)

    summary = next(s for s in team.sections if s.key == "summary")
    [notice] = summary.blocks
    assert isinstance(notice, Notice) and "Nothing is in this section yet" in notice.text
    assert "summary" not in [s.key for s in public.sections]
    assert [s.number for s in public.sections] == list(range(1, len(public.sections) + 1))
    assert "Nothing is in this section yet" not in report_html(document=public)


@pytest.fixture
def claims(project, lead, supported_element):
    """E1 has evidence, E2 none; R1 is supported through E1, R2 by nothing."""
    framework = supported_element.framework
    element_create(framework=framework, by=lead, title="Shared budgets", level="strategic")
    r1 = recommendation_create(project=project, by=lead, action="Pool small grants")
    r1.elements.add(supported_element)
    recommendation_create(project=project, by=lead, action="Share one referral form")
    return project


def test_the_checklist_lists_empty_sections_and_claims_with_no_evidence(claims):
    document = report_document(project=claims, audience=Audience.TEAM)

    items = export_checklist(project=claims, document=document)

    wheres = [(item.kind, item.where) for item in items]
    assert (CheckKind.EMPTY_SECTION, "The report, section 1: Executive summary") in wheres
    assert (CheckKind.NO_EVIDENCE, "Early help together: Shared budgets") in wheres
    assert (CheckKind.NO_EVIDENCE, "Recommendation R2: Share one referral form") in wheres
    assert not any("Trust first" in w or "R1" in w for _, w in wheres)


def test_the_report_page_shows_the_checklist_before_the_downloads(claims, lead_client):
    page = lead_client.get(reverse("reports:report_page", kwargs={"project_id": claims.public_id}))

    html = page.content.decode()
    assert html.index("Before you share the report") < html.index("Download the report")
    assert "Recommendation R2: Share one referral form" in html
    assert "Nothing is in this section yet" in html
