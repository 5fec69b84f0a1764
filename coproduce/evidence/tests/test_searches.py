import datetime

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.evidence.models import Search
from coproduce.evidence.selectors.searches import search_list
from coproduce.evidence.services.imports import references_import
from coproduce.evidence.services.searches import search_create, search_update
from coproduce.evidence.tests.factories import SearchFactory

pytestmark = pytest.mark.django_db

RIS = "TY  - JOUR\nTI  - One\nPY  - 2020\nER  - \nTY  - JOUR\nTI  - One\nPY  - 2020\nER  - \n"


def test_search_create_and_update_write_audit(project, lead):
    search = search_create(
        project=project, by=lead, source="Scopus", searched_on=datetime.date(2026, 9, 1), hits=40
    )
    search_update(search=search, by=lead, source="Scopus", searched_on=search.searched_on, hits=41)
    assert Search.objects.get().hits == 41
    assert AuditEvent.objects.get(action="evidence.search.updated").changes == {"fields": ["hits"]}


def test_search_list_counts_imported_records_and_merged_duplicates(project, lead):
    search = SearchFactory(project=project, hits=2)
    references_import(project=project, search=search, filename="a.ris", fmt="ris", text=RIS, by=lead)
    (row,) = search_list(project=project)
    assert (row.hits, row.records_imported, row.duplicates_merged) == (2, 1, 1)  # type: ignore[attr-defined]


def test_search_pages_add_and_list_a_search(lead_client, project):
    create = reverse("evidence:search_create", kwargs={"project_id": project.public_id})
    data = {
        "source": "PubMed",
        "searched_on": "2026-10-02",
        "search_string": "loneliness AND council",
        "hits": "12",
    }
    assert lead_client.post(create, data).status_code == 302
    listing = lead_client.get(reverse("evidence:search_list", kwargs={"project_id": project.public_id}))
    assert "PubMed" in listing.text and "2 October 2026" in listing.text


def test_search_edit_page_shows_the_date_for_the_date_input(lead_client, project):
    search = SearchFactory(project=project)
    url = reverse(
        "evidence:search_edit", kwargs={"project_id": project.public_id, "search_id": search.public_id}
    )
    assert 'value="2026-10-01"' in lead_client.get(url).text
