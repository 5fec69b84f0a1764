"""The work of the records list: the records not screened yet are counted without reading every record's id,
and are listed only when that filter is chosen."""

import pytest
from django.urls import reverse

from coproduce.evidence.models import CriterionKind, Decision
from coproduce.evidence.selectors import filters, screening
from coproduce.evidence.services.duplicates import duplicate_confirm
from coproduce.evidence.services.screening import criterion_create, reference_screen
from coproduce.evidence.tests.factories import DuplicateCandidateFactory, ReferenceFactory

# The queries of the records list on the project below: before, 17 (every record's id read for the count
# of those not screened yet, and the exclusion reasons read twice).
LIST_QUERIES = 15


@pytest.fixture
def review(project, lead):
    """80 records: the 46th a confirmed duplicate of the first, 30 screened (some excluded with a reason)."""
    records = [ReferenceFactory(project=project, title=f"Youth services study {i}") for i in range(80)]
    duplicate_confirm(
        candidate=DuplicateCandidateFactory(project=project, first=records[0], second=records[45]), by=lead
    )
    off_topic = criterion_create(
        project=project, kind=CriterionKind.EXCLUDE, label="Off topic", description="", by=lead
    )
    for i, reference in enumerate(records[:30]):
        decision = Decision.INCLUDE if i % 3 == 0 else Decision.EXCLUDE
        reference_screen(
            reference=reference, decision=decision, reason=None if i % 3 == 0 else off_topic, by=lead
        )
    return records


@pytest.fixture
def id_reads(monkeypatch):
    """How many times every screenable record's id was read."""
    calls = []
    read = screening.screenable_ids

    def counted(**kwargs):
        calls.append(kwargs)
        return read(**kwargs)

    monkeypatch.setattr(filters, "screenable_ids", counted)  # as the records list's filters call it
    return calls


def _url(project, query=""):
    return reverse("evidence:reference_list", kwargs={"project_id": project.public_id}) + query


@pytest.mark.django_db
def test_the_records_list_counts_the_unscreened_without_reading_every_id(
    lead_client, project, review, id_reads, django_assert_num_queries
):
    # Given the list opened once (the decision log's reading kept)
    assert lead_client.get(_url(project)).status_code == 200
    # When it is opened again without filters
    with django_assert_num_queries(LIST_QUERIES):
        response = lead_client.get(_url(project))
    # Then no record ids were read beyond the page's, and the counts are those of the records
    assert response.status_code == 200
    assert id_reads == []
    counts = response.context["form"].groups.counts()
    assert counts["unscreened"] == 79 - 30  # the duplicate goes through no screening
    assert (counts["included"], counts["excluded"]) == (10, 20)
    statuses = {reference.pk: status for reference, status, _ in response.context["rows"]}
    assert statuses[review[0].pk] == "included"
    assert statuses[review[30].pk] == "unscreened"
    assert statuses[review[45].pk] == ""  # a duplicate is neither screened nor waiting


@pytest.mark.django_db
def test_the_records_not_screened_yet_are_listed_when_that_filter_is_chosen(
    lead_client, project, review, id_reads
):
    response = lead_client.get(_url(project, "?decision=unscreened"))
    listed = {reference.pk for reference, _, _ in response.context["rows"]}
    assert listed == {reference.pk for reference in review[30:]} - {review[45].pk}
    assert len(id_reads) == 1
