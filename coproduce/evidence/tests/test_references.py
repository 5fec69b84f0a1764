import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.evidence.importers.web_page import fetch_title
from coproduce.evidence.models import Reference, SourceType
from coproduce.evidence.selectors.references import reference_list
from coproduce.evidence.services.references import reference_create, reference_update
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole

pytestmark = pytest.mark.django_db


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):
        body = "<html><head><title>Brookvale &amp; District: Housing Strategy 2025</title></head></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def local_page():
    server = HTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/strategy"
    server.shutdown()
    server.server_close()


def test_reference_create_adds_a_grey_record_with_audit(project, lead):
    reference = reference_create(
        project=project,
        by=lead,
        title="Report to the Communities Scrutiny Committee",
        source_type=SourceType.COUNCIL_PAPER,
        authors=["Brookvale City Council"],
        year=2024,
        doi="https://doi.org/10.1/ABC",
    )
    assert reference.title_key == "reporttothecommunitiesscrutinycommittee"
    assert reference.doi == "10.1/abc" and reference.is_grey
    assert AuditEvent.objects.get(action="evidence.reference.created").object_repr == f"Record {reference.pk}"


def test_reference_update_lists_changed_field_names(project, lead):
    reference = ReferenceFactory(project=project)
    reference_update(reference=reference, by=lead, title="New title", year=reference.year)
    assert reference.title_key == "newtitle"
    assert AuditEvent.objects.get(action="evidence.reference.updated").changes == {"fields": ["title"]}


def test_reference_list_filters_by_text_and_type(project):
    ReferenceFactory(project=project, title="Loneliness among older adults")
    ReferenceFactory(project=project, title="Youth hubs", source_type=SourceType.REPORT)
    ReferenceFactory(title="Loneliness elsewhere")  # another project
    assert [r.title for r in reference_list(project=project, search="loneliness older")] == [
        "Loneliness among older adults"
    ]
    assert [r.title for r in reference_list(project=project, source_type=SourceType.REPORT)] == ["Youth hubs"]


def test_fetch_title_reads_a_local_page(local_page):
    assert fetch_title(local_page) == "Brookvale & District: Housing Strategy 2025"


def test_fetch_title_gives_none_when_the_page_cannot_be_reached():
    assert fetch_title("http://127.0.0.1:9/unreachable", timeout=1) is None
    assert fetch_title("ftp://example.org/file") is None


def test_reference_create_page_reads_the_title_from_the_url(lead_client, project, local_page):
    url = reverse("evidence:reference_create", kwargs={"project_id": project.public_id})
    response = lead_client.post(url, {"url": local_page, "title": "", "source_type": SourceType.WEB_PAGE})
    reference = Reference.objects.get()
    assert response.status_code == 302
    assert (reference.title, reference.url) == ("Brookvale & District: Housing Strategy 2025", local_page)


def test_reference_create_page_keeps_the_url_and_asks_for_the_title_when_fetch_fails(lead_client, project):
    url = reverse("evidence:reference_create", kwargs={"project_id": project.public_id})
    unreachable = "http://127.0.0.1:9/report"
    response = lead_client.post(url, {"url": unreachable, "title": "", "source_type": SourceType.REPORT})
    assert response.status_code == 400
    assert "We could not read a title from that web address" in response.text
    assert f'value="{unreachable}"' in response.text
    assert not Reference.objects.exists()


def test_reference_pages_show_the_record(lead_client, project):
    reference = ReferenceFactory(project=project, title="Café networks")
    detail = lead_client.get(reference.get_absolute_url())
    listing = lead_client.get(reverse("evidence:reference_list", kwargs={"project_id": project.public_id}))
    assert "Café networks" in detail.text and "Café networks" in listing.text


def test_reference_list_answers_htmx_with_the_rows_only(lead_client, project):
    ReferenceFactory(project=project, title="Youth hubs")
    url = reverse("evidence:reference_list", kwargs={"project_id": project.public_id})
    response = lead_client.get(url, {"q": "youth"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="results"')
    assert "Youth hubs" in response.text


@pytest.mark.parametrize("role, status", [(ProjectRole.RESEARCHER, 302), (ProjectRole.OBSERVER, 403)])
def test_reference_edit_permission(client, project, member, role, status):
    reference = ReferenceFactory(project=project)
    client.force_login(member(role))
    url = reverse("evidence:reference_edit", kwargs={"project_id": project.public_id, "pk": reference.pk})
    response = client.post(url, {"title": "Changed", "source_type": SourceType.REPORT})
    assert response.status_code == status
