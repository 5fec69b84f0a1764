"""Framework pages: creating a framework and elements, linking evidence, and the diagram downloads."""

import csv
import io

import pytest
from django.urls import reverse

from coproduce.analysis.services.themes import theme_create
from coproduce.frameworks.models import Element, EvidenceLink, Framework
from coproduce.frameworks.services.frameworks import element_create, framework_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(project, lead):
    return framework_create(project=project, by=lead, title="Early help together")


def _url(name, framework, **kwargs):
    return reverse(
        name,
        kwargs={"project_id": framework.project.public_id, "framework_id": framework.public_id, **kwargs},
    )


def test_framework_create_page(project, lead_client):
    url = reverse("frameworks:framework_create", kwargs={"project_id": project.public_id})

    response = lead_client.post(url, {"title": "Youth services", "summary": "**Bold** <script>x</script>"})

    framework = Framework.objects.get(title="Youth services")
    assert response.status_code == 302 and response["Location"] == framework.get_absolute_url()
    page = lead_client.get(framework.get_absolute_url()).content.decode()
    assert "<strong>Bold</strong>" in page and "<script>x</script>" not in page


def test_framework_create_refuses_a_duplicate_title(project, lead_client, framework):
    url = reverse("frameworks:framework_create", kwargs={"project_id": project.public_id})

    response = lead_client.post(url, {"title": "early help TOGETHER"})

    assert response.status_code == 200
    assert "There is already a framework with this title" in response.content.decode()
    assert Framework.objects.count() == 1


def test_element_create_page_then_link_evidence(project, lead, lead_client, framework):
    theme = theme_create(project=project, by=lead, name="Relationships first")

    response = lead_client.post(
        _url("frameworks:element_create", framework),
        {"title": "Trust first", "level": "cultural", "kind": "principle", "sectors": ["vcfse", "funder"]},
    )
    element = Element.objects.get()
    detail = _url("frameworks:element_detail", framework, element_id=element.public_id)
    assert response["Location"] == detail
    found = lead_client.get(detail, {"kind": "theme", "q": "relationships"}).content.decode()
    assert "Relationships first" in found
    lead_client.post(
        _url("frameworks:evidence_link_add", framework, element_id=element.public_id),
        {"kind": "theme", "target": theme.pk, "note": "Trust came up in every interview"},
    )

    link = EvidenceLink.objects.get()
    assert (link.theme, link.note) == (theme, "Trust came up in every interview")
    page = lead_client.get(detail).content.decode()
    assert "Trust came up in every interview" in page


def test_element_form_errors_keep_what_was_typed(lead_client, framework):
    response = lead_client.post(_url("frameworks:element_create", framework), {"title": "Trust first"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the level of working" in page and 'value="Trust first"' in page
    assert not Element.objects.exists()


def test_link_form_with_a_missing_target_changes_nothing(lead, lead_client, framework):
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")

    response = lead_client.post(
        _url("frameworks:evidence_link_add", framework, element_id=element.public_id),
        {"kind": "reference", "target": 999999},
        follow=True,
    )

    assert "Choose the evidence to link" in response.content.decode()
    assert not EvidenceLink.objects.exists()


def test_diagram_downloads(lead, lead_client, framework):
    element_create(framework=framework, by=lead, title="Trust first", level="cultural")

    svg = lead_client.get(_url("frameworks:framework_svg", framework))
    png = lead_client.get(_url("frameworks:framework_png", framework))
    pdf = lead_client.get(_url("frameworks:framework_pdf", framework))

    assert svg["Content-Type"].startswith("image/svg+xml") and b"Trust first" in svg.content
    assert png.content.startswith(b"\x89PNG")
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="early-help-together.pdf"' in pdf["Content-Disposition"]


def test_flagged_elements_are_listed(lead, lead_client, framework):
    element_create(framework=framework, by=lead, title="Trust first", level="cultural")

    page = lead_client.get(framework.get_absolute_url()).content.decode()

    assert "1 element has no evidence linked" in page


def test_element_evidence_downloads_as_a_formula_safe_table(project, lead, lead_client, framework):
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    theme = theme_create(project=project, by=lead, name="=Relationships")
    lead_client.post(
        _url("frameworks:evidence_link_add", framework, element_id=element.public_id),
        {"kind": "theme", "target": theme.pk, "note": "Said in every interview"},
    )

    response = lead_client.get(
        _url("frameworks:element_evidence_csv", framework, element_id=element.public_id)
    )

    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:4] == ["Framework", "Element", "Level", "Kind of evidence"]
    assert row == [
        "Early help together",
        "Trust first",
        "Cultural",
        "Theme",
        "'=Relationships",
        "",
        "",
        "Said in every interview",
    ]


def test_frameworks_list_shows_two_frameworks_side_by_side(project, lead, lead_client, framework):
    element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    housing = framework_create(project=project, by=lead, title="Housing together")
    element_create(framework=housing, by=lead, title="One front door", level="tactical")
    url = reverse("frameworks:framework_list", kwargs={"project_id": project.public_id})

    page = lead_client.get(url).content.decode()

    assert page.count("The frameworks side by side") >= 2  # the heading and the diagram's own title
    figure = page[page.index('<div class="app-framework-figure app-framework-figure--wide">') :]
    assert "Early help together" in figure and "Housing together" in figure
    assert "Trust first" in figure and "One front door" in figure


def test_frameworks_list_shows_no_side_by_side_for_one_framework(project, lead_client, framework):
    url = reverse("frameworks:framework_list", kwargs={"project_id": project.public_id})

    assert "side by side" not in lead_client.get(url).content.decode()


def test_diagram_page_shows_a_wide_and_a_narrow_drawing(lead, lead_client, framework):
    element_create(framework=framework, by=lead, title="Trust first", level="cultural")

    page = lead_client.get(framework.get_absolute_url()).content.decode()

    assert 'viewBox="0 0 1000 ' in page and 'viewBox="0 0 400 ' in page
    assert page.count("<svg") >= 2 and 'width="100%"' not in page  # sized by the page's CSS
