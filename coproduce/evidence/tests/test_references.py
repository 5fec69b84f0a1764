import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.core.outbound import FetchRefused
from coproduce.core.tests.web import RecordingServer, Reply
from coproduce.evidence.importers.web_page import fetch_title
from coproduce.evidence.models import Reference, SourceType
from coproduce.evidence.selectors.references import reference_list
from coproduce.evidence.services.references import reference_create, reference_update
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole

pytestmark = pytest.mark.django_db


STRATEGY = "Brookvale & District: Housing Strategy 2025"


@pytest.fixture
def site(web_server, pretend_public) -> RecordingServer:
    """A public web site (on this machine, for the test) with the strategy page and a few awkward others."""
    server = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", server)
    server.replies.update(
        {
            "/strategy": Reply(),
            "/big": Reply(body=b"<title>Big</title>" + b" " * 3_000_000),
            "/slow": Reply(pause=5),
            "/report.pdf": Reply(headers={"Content-Type": "application/pdf"}, body=b"%PDF-1.7"),
            "/untitled": Reply(body=b"<html><body>No title here</body></html>"),
        }
    )
    return server


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


def test_fetch_title_reads_a_public_page(site):
    assert fetch_title(f"{site.base}/strategy") == STRATEGY


def test_fetch_title_refuses_a_page_without_a_title(site):
    with pytest.raises(FetchRefused, match="no title"):
        fetch_title(f"{site.base}/untitled")


def test_reference_create_page_reads_the_title_from_the_url(lead_client, project, site):
    url = reverse("evidence:reference_create", kwargs={"project_id": project.public_id})
    page = f"{site.base}/strategy"
    response = lead_client.post(url, {"url": page, "title": "", "source_type": SourceType.WEB_PAGE})
    reference = Reference.objects.get()
    assert response.status_code == 302
    assert (reference.title, reference.url) == (STRATEGY, page)


@pytest.mark.parametrize(
    "address, reason",
    [
        ("{inside}/admin", "it points to this server itself"),
        ("http://localhost/admin", "it points to this server itself"),
        ("http://[::1]/admin", "it points to this server itself"),
        ("http://10.0.0.8/", "it points to a private or local network"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "it is the address of a cloud server&#x27;s internal settings",
        ),
        ("{site}/to-inside", "it points to this server itself"),
        ("{site}/big", "The page is larger than 2 MB"),
        ("{site}/slow", "The page took too long to answer"),
        ("{site}/report.pdf", "gives a file of type application/pdf, not a web page"),
        ("{site}/untitled", "The page has no title"),
        ("http://www.brookvale.example:8080/", "Only web addresses on the usual ports"),
        ("http://nowhere.brookvale.example/", "We could not find the server for that web address"),
    ],
)
def test_reference_create_page_refuses_addresses_it_may_not_read(
    lead_client, project, site, web_server, settings, no_outside_traffic, address, reason
):
    # given a page on this server's own network, which the site redirects to
    inside = web_server("127.0.0.1")
    inside.replies["/admin"] = Reply()
    settings.OUTBOUND_FETCH_PORTS += (inside.server_address[1],)
    site.replies["/to-inside"] = Reply(status=302, headers={"Location": f"{inside.base}/admin"})
    address = address.format(inside=inside.base, site=site.base)
    # when a record is added from the address without a title
    url = reverse("evidence:reference_create", kwargs={"project_id": project.public_id})
    response = lead_client.post(url, {"url": address, "title": "", "source_type": SourceType.REPORT})
    # then the page says why, keeps the address, adds nothing, and nothing on the inside was asked for
    assert response.status_code == 400
    assert "We could not read a title from that web address" in response.text and reason in response.text
    assert "The address has been kept: type the title" in response.text
    assert f'value="{address}"' in response.text
    assert not Reference.objects.exists()
    assert inside.requests == [] and no_outside_traffic == []


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
