"""The index-only screening reads match the plain querysets, confirmed duplicates left out."""

import pytest

from coproduce.evidence.models import Decision
from coproduce.evidence.selectors.screening import (
    current_decisions,
    dual_votes,
    duplicate_ids,
    screenable_count,
    screenable_ids,
    screenable_references,
    screening_progress,
)
from coproduce.evidence.services.screening import dual_screening_set, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.tests.factories import ProjectFactory


@pytest.fixture
def records(project):
    found = [ReferenceFactory(project=project, title=f"Food bank study {i}") for i in range(6)]
    ReferenceFactory(project=ProjectFactory(), duplicate_of=ReferenceFactory(project=project))
    return found


def _mark_duplicate(record, of):
    record.duplicate_of = of
    record.save(update_fields=["duplicate_of"])


@pytest.mark.django_db
def test_screenable_ids_and_count_match_the_queryset(project, records):
    # given one record confirmed as a duplicate of another
    _mark_duplicate(records[2], records[0])
    # then the cheap reads agree with the queryset
    expected = list(screenable_references(project=project).order_by("pk").values_list("pk", flat=True))
    assert screenable_ids(project=project) == expected
    assert screenable_count(project=project) == len(expected)
    assert duplicate_ids(project=project) == {records[2].pk}


@pytest.mark.django_db
def test_current_decisions_leave_out_duplicates_and_keep_the_latest(project, records, lead):
    # given decisions on a record later confirmed as a duplicate, and a changed decision on another
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, by=lead)
    reference_screen(reference=records[1], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[2], decision=Decision.INCLUDE, by=lead)
    _mark_duplicate(records[2], records[0])
    # then only the latest decision on the screenable record counts
    assert current_decisions(project=project) == {records[1].pk: Decision.INCLUDE}
    assert screening_progress(project=project).included == 1


@pytest.mark.django_db
def test_dual_votes_cover_screened_sampled_records_only(project, records, lead):
    # given every record in the dual sample and a vote on two of them, one later a duplicate
    dual_screening_set(project=project, share_percent=100, by=lead)
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead, offered_as="active")
    reference_screen(reference=records[2], decision=Decision.INCLUDE, by=lead, offered_as="active")
    _mark_duplicate(records[2], records[0])
    # then the project's votes hold the screened screenable record, and an explicit sample holds every record
    assert list(dual_votes(project=project)) == [records[0].pk]
    assert dual_votes(project=project)[records[0].pk].votes == {lead.pk: Decision.INCLUDE}
    assert dual_votes(project=project, sample={records[3].pk})[records[3].pk].votes == {}
