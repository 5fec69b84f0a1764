"""The PRISMA pages and downloads, the screening report and the records download, for each kind of visitor."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.evidence.models import Decision, DualScreeningSetting
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole

from .test_prisma import build_review, decide

PAGES = ["prisma", "prisma_svg", "prisma_png", "screening_report", "export"]
VISITORS = [*(role.value for role in ProjectRole), "outsider", "anonymous"]


def _url(project, name, query=""):
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id}) + query


def _visit(client, project, member, outsider, visitor, url):
    if visitor == "outsider":
        client.force_login(outsider)
    elif visitor != "anonymous":
        client.force_login(member(ProjectRole(visitor)))
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", PAGES)
def test_report_pages_are_open_to_every_member(client, project, member, outsider, visitor, name):
    # given a built review
    build_review(project)
    # when the page is opened by the visitor
    response = _visit(client, project, member, outsider, visitor, _url(project, name))
    # then members see it, members of other projects get 404 and signed-out visitors go to sign in
    expected = {"outsider": 404, "anonymous": 302}.get(visitor, 200)
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_export_download_is_open_to_every_member(client, project, member, outsider, visitor):
    decide(ReferenceFactory(project=project), Decision.INCLUDE)
    url = _url(project, "export", "?records=included&format=bibtex")
    response = _visit(client, project, member, outsider, visitor, url)
    expected = {"outsider": 404, "anonymous": 302}.get(visitor, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"].startswith("application/x-bibtex")
        assert b"coproduce:included" in response.content
    assert AuditEvent.objects.filter(action="evidence.export.downloaded").count() == (expected == 200)


@pytest.mark.django_db
def test_prisma_page_shows_the_diagram_and_the_table(lead_client, project):
    build_review(project)
    response = lead_client.get(_url(project, "prisma"))
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="prisma-title">' in html
    assert "The counts as a table" in html and "Web of Science" in html


@pytest.mark.django_db
def test_prisma_svg_download_is_an_svg_file(lead_client, project):
    build_review(project)
    response = lead_client.get(_url(project, "prisma_svg"))
    assert response["Content-Type"] == "image/svg+xml"
    assert "attachment" in response["Content-Disposition"]
    assert ET.fromstring(response.content).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.django_db
def test_prisma_png_download_is_a_png_image(lead_client, project):
    build_review(project)
    response = lead_client.get(_url(project, "prisma_png"))
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.django_db
def test_screening_report_writes_the_methods_from_live_counts(lead_client, project):
    # given a built review: 2 sources, 10 records, 2 duplicates, 6 screened
    build_review(project)
    # when the report is opened
    html = " ".join(lead_client.get(_url(project, "screening_report")).content.decode().split())
    # then the methods paragraph gives the counts in plain English
    assert "We searched 2 sources on 1 October 2026 and found 10 records" in html
    assert "After removing 2 duplicates" in html
    assert "8 records remained" in html
    assert "6 records were screened on title and abstract" in html
    assert "1 was marked “maybe” and still needs a decision" in html
    assert "2 records have not been screened yet" in html
    assert "3 studies were included in the review" in html


@pytest.mark.django_db
def test_export_form_shows_errors_for_a_bad_choice(lead_client, project):
    response = lead_client.get(_url(project, "export", "?records=everything&format=ris"))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(action="evidence.export.downloaded").exists()


@pytest.mark.django_db
def test_screening_report_gives_agreement_when_two_people_screened_blind(lead_client, project, member):
    # given every record in the dual sample and two people who screened the same record
    DualScreeningSetting.objects.create(project=project, share_percent=100, seed=1)
    record = ReferenceFactory(project=project)
    for role in (ProjectRole.LEAD, ProjectRole.RESEARCHER):
        decide(record, Decision.INCLUDE, screened_by=member(role))
    # when the report is opened
    html = " ".join(lead_client.get(_url(project, "screening_report")).content.decode().split())
    # then it says how often they agreed
    assert "Two people screened 1 of the records independently" in html
    assert "They agreed on 100% of them" in html


@pytest.mark.django_db
def test_screening_report_leaves_out_agreement_without_dual_screening(lead_client, project):
    build_review(project)
    html = lead_client.get(_url(project, "screening_report")).content.decode()
    assert "independently" not in html
