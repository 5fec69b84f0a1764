import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coproduce.analysis.services.codings import coding_create
from coproduce.core.models import AuditEvent
from coproduce.people.sectors import Sector

from .retrieval_data import retrieval_world

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def _url(world, name, query=""):
    return reverse(f"analysis:{name}", kwargs={"project_id": world.project.public_id}) + query


@pytest.fixture
def world(client):
    world = retrieval_world()
    client.force_login(world.observer)  # reading needs no more than viewing the project
    return world


def test_segment_list_shows_segments_in_context_without_names(client, world):
    page = client.get(_url(world, "segment_list", f"?code={world.funding.public_id}"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<mark>Funding is short every year</mark>" in html
    assert "P01" in html and "P02" in html
    assert "Ffion" not in html  # people appear by code only
    assert "Funding was cut" not in html  # still being pseudonymised
    assert "2 coded segments" in html


def test_segment_list_filters_by_sector_and_without_sub_codes(client, world):
    query = f"?code={world.trust.public_id}&subcodes=no&sector={Sector.PUBLIC_SECTOR}"
    html = client.get(_url(world, "segment_list", query)).content.decode()
    assert "0 coded segments" in html
    query = f"?code={world.trust.public_id}&subcodes=yes&sector={Sector.PUBLIC_SECTOR}"
    html = client.get(_url(world, "segment_list", query)).content.decode()
    assert "<mark>informal trust with the mosque</mark>" in html


def test_segment_list_ignores_a_code_from_another_project(client, world):
    other = retrieval_world()
    page = client.get(_url(world, "segment_list", f"?code={other.trust.public_id}"))
    assert page.status_code == 200
    assert "5 coded segments" in page.content.decode()  # an unknown choice is no filter


def test_segment_export_csv_is_filtered_and_safe(client, world):
    start = world.nhs.text.index("Our funding")
    world.nhs.text = world.nhs.text[:start] + "=" + world.nhs.text[start + 1 :]
    world.nhs.save()
    coding_create(transcript=world.nhs, code=world.trust, by=world.lead, start=start, end=start + 11)
    response = client.get(_url(world, "segment_export", f"?sector={Sector.PUBLIC_SECTOR}&format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["code", "level of working", "person", "sector"]
    assert {row[2] for row in rows[1:]} == {"P02"}
    assert "'=ur funding" in [row[9] for row in rows[1:]]
    assert AuditEvent.objects.filter(action="analysis.segments.exported", actor=world.observer).exists()


def test_segment_export_xlsx(client, world):
    response = client.get(_url(world, "segment_export", f"?code={world.trust.public_id}&format=xlsx"))
    rows = _rows(response.content)
    assert [row[0] for row in rows[1:]] == ["Trust", "Trust", "Trust / Informal trust"]
    assert 'filename="' in response["Content-Disposition"]


def test_search_page_highlights_matches(client, world):
    html = client.get(_url(world, "search", "?q=cafe")).content.decode()
    assert "<mark>Café</mark>" in html
    assert "1 match in 1 transcript" in html


def test_search_page_without_a_query(client, world):
    page = client.get(_url(world, "search"))
    assert page.status_code == 200
    assert "<mark>" not in page.content.decode()


def test_code_sector_matrix_links_each_cell_to_its_segments(client, world):
    html = client.get(_url(world, "code_sector_matrix")).content.decode()
    link = f"?code={world.trust.public_id}&amp;subcodes=no&amp;sector={Sector.VCFSE}"
    assert link in html
    assert "app-heat app-heat--4" in html
    people = client.get(_url(world, "code_sector_matrix", "?measure=people&subcodes=yes")).content.decode()
    assert "People by code and sector, sub-codes counted in their parent" in people


def test_cooccurrence_page_states_its_rule(client, world):
    html = client.get(_url(world, "cooccurrence")).content.decode()
    assert "overlap or sit in the same speaker turn" in html
    assert "Pairs of coded segments that occur together: 3" in html


@pytest.mark.parametrize("matrix, first_heading", [("", "code"), ("co-occurrence", "code")])
def test_matrix_export_csv(client, world, matrix, first_heading):
    response = client.get(_url(world, "matrix_export", f"?matrix={matrix}&format=csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == first_heading
    assert [row[0] for row in rows[1:]] == ["Trust", "Trust / Informal trust", "Funding"]
    assert AuditEvent.objects.filter(action="analysis.matrix.exported").count() == 1


def test_matrix_export_xlsx_has_both_counts(client, world):
    response = client.get(_url(world, "matrix_export", "?format=xlsx"))
    rows = _rows(response.content)
    headings = list(rows[0])
    trust = rows[1]
    assert trust[headings.index("VCFSE (voluntary, community, faith, social enterprise): segments")] == 2
    assert trust[headings.index("VCFSE (voluntary, community, faith, social enterprise): people")] == 1
