"""The decision log's reading is kept per state of the log: read twice it is worked out once, and any change
to the log (a decision, an undo, a removed account, a record marked as a duplicate) is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.evidence.models import Decision, ScreeningDecision
from coproduce.evidence.selectors.screening import current_decisions, decision_state
from coproduce.evidence.services.screening import decision_withdraw, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole


@pytest.fixture
def records(project):
    return [ReferenceFactory(project=project, title=f"Youth club study {i}") for i in range(3)]


def _log_reads(captured: CaptureQueriesContext) -> int:
    """Queries that read the decision log's rows (not its one-line state)."""
    return sum(
        1
        for query in captured.captured_queries
        if "evidence_screeningdecision" in query["sql"] and "COUNT(" not in query["sql"]
    )


@pytest.mark.django_db
def test_the_log_read_twice_is_worked_out_once(project, records, lead):
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    first = decision_state(project=project)

    with CaptureQueriesContext(connection) as again:
        second = decision_state(project=project)

    assert second is first
    assert _log_reads(again) == 0


@pytest.mark.django_db
def test_every_change_to_the_log_is_seen_at_once(project, records, lead, member):
    other = member(ProjectRole.RESEARCHER)
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    assert current_decisions(project=project) == {records[0].pk: Decision.INCLUDE}

    # a decision by someone else
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, by=other)
    assert current_decisions(project=project) == {
        records[0].pk: Decision.INCLUDE,
        records[1].pk: Decision.EXCLUDE,
    }
    # an undo
    decision_withdraw(reference=records[0], by=lead, version=None)
    assert current_decisions(project=project) == {records[1].pk: Decision.EXCLUDE}
    # a removed account: its decisions stay, no longer anyone's
    other.delete()
    assert ScreeningDecision.objects.filter(screened_by=None).count() == 1
    assert current_decisions(project=project) == {records[1].pk: Decision.EXCLUDE}
    # a record found to duplicate another leaves the counts
    records[1].duplicate_of = records[2]
    records[1].save(update_fields=["duplicate_of"])
    assert current_decisions(project=project) == {}
