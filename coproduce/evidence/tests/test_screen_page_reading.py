"""The screening page reads the screening state once: the decision log's state, the duplicates and the prior
knowledge are read one time each, however many of the page's parts (the queue, progress, the stopping test,
agreement) use them, and what the parts show is what each works out alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.evidence.features import FEATURES_KEPT
from coproduce.evidence.models import Decision, PriorLabel, ScreeningDecision, ScreeningStage
from coproduce.evidence.queue import STOPPING_KEPT, screening_next, screening_order, screening_stopping_test
from coproduce.evidence.selectors.screening import (
    ScreeningReading,
    screener_last_decision,
    screening_agreement,
    screening_progress,
)
from coproduce.evidence.services.duplicates import duplicate_confirm
from coproduce.evidence.services.priors import prior_knowledge_mark
from coproduce.evidence.services.screening import dual_screening_set, reference_screen
from coproduce.evidence.tests.factories import DuplicateCandidateFactory, ReferenceFactory
from coproduce.projects.permissions import ProjectRole

TOPICS = ["allotment waiting lists", "bus route changes", "library opening hours", "playground repairs"]
# The queries of one screening page on the project below (a second page: the features are kept). Before the
# parts shared one reading, the page made 35: the log's state 4 times, the duplicates 7, the dual screening
# setting 5, the prior knowledge 3, the record count 2, the highlight terms 2 and the project once more.
PAGE_QUERIES = 18


@pytest.fixture(autouse=True)
def kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    FEATURES_KEPT.clear()
    STOPPING_KEPT.clear()
    yield
    FEATURES_KEPT.clear()
    STOPPING_KEPT.clear()


@pytest.fixture
def screened(project, lead, member):
    """60 records: one merged as a duplicate, two marked as prior knowledge, a fifth screened blind by two,
    24 decided by the lead and a second screener (some blind votes agreeing, some not)."""
    records = [
        ReferenceFactory(project=project, title=f"{TOPICS[i % 4]} {i}", abstract=f"On {TOPICS[i % 4]} {i}.")
        for i in range(60)
    ]
    candidate = DuplicateCandidateFactory(project=project, first=records[0], second=records[59])
    duplicate_confirm(candidate=candidate, by=lead)
    prior_knowledge_mark(project=project, references=records[50:51], label=PriorLabel.RELEVANT, by=lead)
    prior_knowledge_mark(project=project, references=records[51:52], label=PriorLabel.IRRELEVANT, by=lead)
    dual_screening_set(project=project, share_percent=20, by=lead)
    other = member(ProjectRole.RESEARCHER)
    for i, reference in enumerate(records[:24]):
        decision = Decision.INCLUDE if i % 3 == 0 else Decision.EXCLUDE
        reference_screen(reference=reference, decision=decision, by=lead, offered_as="random")
        if i % 2 == 0:
            second = decision if i % 4 == 0 else Decision.MAYBE
            reference_screen(reference=reference, decision=second, by=other, offered_as="second")
    return records


def _url(project):
    return reverse("evidence:screen", kwargs={"project_id": project.public_id})


def _count(captured: CaptureQueriesContext, *needles: str) -> int:
    return sum(1 for q in captured.captured_queries if all(needle in q["sql"] for needle in needles))


@pytest.mark.django_db
def test_the_screening_page_reads_the_log_state_duplicates_and_priors_once(
    client, project, lead, screened, django_assert_num_queries
):
    # Given a screened project whose screening page has been opened once (the features built and kept)
    client.force_login(lead)
    assert client.get(_url(project)).status_code == 200
    # When the page is opened again
    with django_assert_num_queries(PAGE_QUERIES) as captured:
        response = client.get(_url(project))
    # Then each piece of the screening state was read once for all the page's parts
    assert response.status_code == 200
    assert _count(captured, 'COUNT("evidence_screeningdecision"."id")') == 1
    assert _count(captured, 'FROM "evidence_reference"', '"duplicate_of_id" IS NOT NULL') == 1
    assert _count(captured, 'FROM "evidence_priorknowledge"') == 1
    assert _count(captured, 'FROM "evidence_highlightterms"') == 1
    assert _count(captured, 'FROM "projects_project"') == 0  # the project comes with the membership


@pytest.mark.django_db
def test_the_parts_of_one_reading_show_what_each_works_out_alone(project, lead, screened):
    # Given a reading shared by the page's parts
    reading = ScreeningReading(project=project)
    shared = (
        screening_next(project=project, screener_id=lead.pk, reading=reading),
        screening_progress(project=project, reading=reading),
        screening_stopping_test(project=project, reading=reading),
        screening_agreement(project=project, reading=reading),
        screening_order(project=project, reading=reading),
    )
    # Then each part gives what it gives with a reading of its own
    alone = (
        screening_next(project=project, screener_id=lead.pk),
        screening_progress(project=project),
        screening_stopping_test(project=project),
        screening_agreement(project=project),
        screening_order(project=project),
    )
    assert shared == alone
    # and the counts are those of the fixture: 59 records screenable, the lead's 24 decisions, less the
    # six sampled records whose blind votes disagree and nobody has resolved
    progress = shared[1]
    assert progress.total == 59
    assert 0 < progress.screened <= 24
    assert reading.screenable - len(reading.priors) == 57


@pytest.mark.django_db
def test_the_screeners_last_decision_is_read_from_the_end_of_an_index(project, lead, screened):
    # Given a screener with many decisions in the project
    assert screener_last_decision(project=project, screener_id=lead.pk) is not None
    # When the query that finds their latest one is planned
    latest = (
        ScreeningDecision.objects.filter(
            reference__project=project, stage=ScreeningStage.TITLE_ABSTRACT, screened_by_id=lead.pk
        )
        .exclude(offered_as="resolution")
        .order_by("-created_at", "-id")[:1]
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few rows would be read whole
    plan = latest.explain()
    # Then it reads the screener's index from its end rather than sorting all their decisions
    assert "decision_by_screener" in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan
