"""The work the screening page does: the ranking is fitted once per set of decisions and the stopping test
worked out once, whoever asks, and the page's queries do not grow with the number of records or decisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.evidence import queue, stopping
from coproduce.evidence.features import FEATURES_FOLDER, FEATURES_KEPT
from coproduce.evidence.models import Decision
from coproduce.evidence.queue import STOPPING_KEPT, screening_next
from coproduce.evidence.ranking import Ranker
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory

TOPICS = ["allotment waiting lists", "bus route changes", "library opening hours", "playground repairs"]


@pytest.fixture(autouse=True)
def kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    FEATURES_KEPT.clear()
    STOPPING_KEPT.clear()
    yield tmp_path / FEATURES_FOLDER
    FEATURES_KEPT.clear()
    STOPPING_KEPT.clear()


def _records(project, count, start=0):
    return [
        ReferenceFactory(project=project, title=f"{TOPICS[i % 4]} {i}", abstract=f"On {TOPICS[i % 4]} {i}.")
        for i in range(start, start + count)
    ]


def _screen(records, lead, included=2, excluded=4):
    for reference in records[:included]:
        reference_screen(reference=reference, decision=Decision.INCLUDE, by=lead, offered_as="random")
    for reference in records[included : included + excluded]:
        reference_screen(reference=reference, decision=Decision.EXCLUDE, by=lead, offered_as="random")


@pytest.fixture
def counted(monkeypatch):
    """How many times the ranker was fitted and the stopping test worked out."""
    calls = {"fit": 0, "stopping": 0}
    fit, test = Ranker.fit, stopping.stopping_test

    def counted_fit(self, labelled):
        calls["fit"] += 1
        return fit(self, labelled)

    def counted_stopping(*args, **kwargs):
        calls["stopping"] += 1
        return test(*args, **kwargs)

    monkeypatch.setattr(Ranker, "fit", counted_fit)
    monkeypatch.setattr(queue, "stopping_test", counted_stopping)
    return calls


def _url(project):
    return reverse("evidence:screen", kwargs={"project_id": project.public_id})


@pytest.mark.django_db
def test_a_second_screening_page_with_the_same_decisions_neither_refits_nor_retests(
    client, project, lead, member, counted
):
    # Given a project with decisions of both kinds
    records = _records(project, 20)
    _screen(records, lead)
    client.force_login(lead)
    # When the page is opened twice, the second time by another screener
    first = client.get(_url(project))
    client.force_login(member())
    second = client.get(_url(project))
    # Then the model was fitted and the stopping test worked out once, and both offer the same record
    assert (first.status_code, second.status_code) == (200, 200)
    assert counted == {"fit": 1, "stopping": 1}
    assert first.context["reference"] == second.context["reference"]
    assert second.context["stopping"] == first.context["stopping"]


@pytest.mark.django_db
def test_a_new_decision_refits_and_the_kept_ranking_is_the_one_a_fresh_fit_gives(project, lead, counted):
    # Given a ranking worked out and kept
    records = _records(project, 24)
    _screen(records, lead)
    offered = screening_next(project=project)
    assert offered.reference is not None
    # When someone includes the record offered
    reference_screen(reference=offered.reference, decision=Decision.INCLUDE, by=lead, offered_as="active")
    kept = screening_next(project=project)
    kept_again = screening_next(project=project)
    # Then the model learnt from the new decision once, and what is kept is what a fresh ranker finds
    assert counted["fit"] == 2
    assert kept.reference != offered.reference
    FEATURES_KEPT.clear()
    fresh = screening_next(project=project)
    assert counted["fit"] == 3
    assert kept.reference == kept_again.reference == fresh.reference


def _page_queries(client, project):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(project)).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_the_screening_page_queries_do_not_grow_with_records_or_decisions(client, project, lead):
    # Given a small project, screened a little
    records = _records(project, 12)
    _screen(records, lead)
    client.force_login(lead)
    _page_queries(client, project)
    small = _page_queries(client, project)
    # When it has three times the records and decisions
    more = _records(project, 24, start=12)
    _screen(more, lead, included=4, excluded=8)
    _page_queries(client, project)
    # Then the page makes the same number of queries
    assert _page_queries(client, project) == small
