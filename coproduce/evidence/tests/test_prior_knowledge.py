"""Prior knowledge: marked records teach the ranking from the start, and count nowhere as screened."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.evidence.exports import export_rows
from coproduce.evidence.models import Decision, PriorKnowledge, PriorLabel
from coproduce.evidence.prisma import prisma_counts
from coproduce.evidence.queue import ACTIVE, screening_next, screening_order, screening_population
from coproduce.evidence.selectors.priors import prior_labels
from coproduce.evidence.selectors.screening import screening_labels, screening_progress
from coproduce.evidence.services.priors import prior_knowledge_mark, prior_knowledge_seed
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole

TOPICS = ["co-production with councils", "rodent behaviour in laboratories"]


@pytest.fixture
def records(project):
    return [
        ReferenceFactory(
            project=project,
            title=f"{TOPICS[i % 2]} study {i}",
            abstract=f"About {TOPICS[i % 2]}.",
            doi=f"10.1000/study.{i}",
        )
        for i in range(12)
    ]


@pytest.mark.django_db
def test_prior_knowledge_trains_the_ranking_before_anyone_screens(project, records, lead):
    # given one known relevant and one known irrelevant record, and no decisions
    prior_knowledge_mark(project=project, references=[records[0]], label=PriorLabel.RELEVANT, by=lead)
    prior_knowledge_mark(project=project, references=[records[1]], label=PriorLabel.IRRELEVANT, by=lead)
    # then the ranking learns from them at once: the first record offered is ranked, and like the relevant one
    assert screening_labels(project=project) == {records[0].pk: True, records[1].pk: False}
    upcoming = screening_next(project=project, screener_id=lead.pk)
    assert upcoming.offered_as == ACTIVE
    assert upcoming.reference is not None and "co-production" in upcoming.reference.title
    # and nothing counts as screened by a person
    assert screening_progress(project=project).screened == 0
    assert prisma_counts(project=project).screened == 0
    assert AuditEvent.objects.filter(action="evidence.prior_knowledge.marked").count() == 2


@pytest.mark.django_db
def test_prior_knowledge_is_left_out_of_the_stopping_tests_counts(project, records, lead):
    # given a known relevant record, later also screened by a person, and two records screened
    prior_knowledge_mark(project=project, references=[records[0]], label=PriorLabel.RELEVANT, by=lead)
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[2], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[3], decision=Decision.EXCLUDE, by=lead)
    # then the stopping test's order and population leave the prior record out
    assert screening_order(project=project) == [True, False]
    assert screening_population(project=project) == 11
    # while PRISMA counts the person's decision on it like any other
    assert prisma_counts(project=project).screened == 3


@pytest.mark.django_db
def test_exports_tag_prior_knowledge(project, records, lead):
    prior_knowledge_mark(project=project, references=[records[0]], label=PriorLabel.RELEVANT, by=lead)
    prior_knowledge_mark(project=project, references=[records[1]], label=PriorLabel.IRRELEVANT, by=lead)
    tags = {row.reference.pk: row.tags for row in export_rows(project=project, records="all")}
    assert tags[records[0].pk] == ["coproduce:prior-relevant"]
    assert tags[records[1].pk] == ["coproduce:prior-irrelevant"]
    assert tags[records[2].pk] == []


@pytest.mark.django_db
def test_a_record_already_screened_cannot_become_prior_knowledge(project, records, lead):
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    with pytest.raises(ValidationError):
        prior_knowledge_mark(project=project, references=[records[0]], label=PriorLabel.RELEVANT, by=lead)
    assert not PriorKnowledge.objects.exists()


@pytest.mark.django_db
def test_removing_the_mark_appends_a_row_and_the_label_goes(project, records, lead):
    prior_knowledge_mark(project=project, references=records[:2], label=PriorLabel.RELEVANT, by=lead)
    changed = prior_knowledge_mark(project=project, references=records[:1], label=PriorLabel.REMOVED, by=lead)
    assert changed == records[:1]
    assert prior_labels(project=project) == {records[1].pk: True}
    assert PriorKnowledge.objects.count() == 3
    # marking again what is already marked adds nothing
    assert prior_knowledge_mark(project=project, references=records[1:2], label="relevant", by=lead) == []


@pytest.mark.django_db
def test_prior_knowledge_seed_finds_records_by_doi_or_title(project, records, lead):
    text = f"https://doi.org/10.1000/STUDY.3\n\n  {records[4].title.upper()}  \n"
    marked = prior_knowledge_seed(project=project, text=text, label=PriorLabel.RELEVANT, by=lead)
    assert marked == [records[3], records[4]]
    assert prior_labels(project=project) == {records[3].pk: True, records[4].pk: True}


@pytest.mark.django_db
def test_prior_knowledge_seed_with_an_unknown_line_marks_nothing(project, records, lead):
    with pytest.raises(ValidationError) as refused:
        prior_knowledge_seed(
            project=project, text="10.1000/study.3\nA study nobody found", label=PriorLabel.RELEVANT, by=lead
        )
    assert "A study nobody found" in str(refused.value)
    assert not PriorKnowledge.objects.exists()


@pytest.mark.django_db
def test_prior_knowledge_pages_mark_records_and_observers_cannot(client, project, records, member):
    researcher, observer = member(ProjectRole.RESEARCHER), member(ProjectRole.OBSERVER)
    seed = reverse("evidence:prior_knowledge", kwargs={"project_id": project.public_id})
    mark = reverse("evidence:prior_knowledge_mark", kwargs={"project_id": project.public_id})
    client.force_login(observer)
    assert client.post(mark, {"references": [records[0].pk], "label": "relevant"}).status_code == 403
    assert client.get(seed).status_code == 403
    client.force_login(researcher)
    # from the records list: several records at once
    response = client.post(mark, {"references": [records[0].pk, records[1].pk], "label": "relevant"})
    assert response.status_code == 302
    assert set(prior_labels(project=project)) == {records[0].pk, records[1].pk}
    # by pasting: a line that matches nothing is named and nothing changes
    response = client.post(seed, {"text": "10.1000/study.5\nNo such record", "label": "irrelevant"})
    assert response.status_code == 400
    assert "No such record" in response.content.decode()
    response = client.post(seed, {"text": "10.1000/study.5", "label": "irrelevant"})
    assert response.status_code == 302
    page = client.get(seed).content.decode()
    assert "Marked as prior knowledge (3)" in page and "Known irrelevant" in page
