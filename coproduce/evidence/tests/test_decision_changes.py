"""Changing and undoing screening decisions: the log stays append-only and every count reads the current
decision only (progress, PRISMA, the stopping test's order, agreement, the ranking's labels, exports)."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.core.models import AuditEvent
from coproduce.core.versions import NEW, EditConflict, record_version
from coproduce.evidence.exports import export_rows
from coproduce.evidence.models import WITHDRAWN, CriterionKind, Decision, ScreeningDecision
from coproduce.evidence.prisma import current_reasons, prisma_counts
from coproduce.evidence.queue import screening_next, screening_order
from coproduce.evidence.selectors.history import decision_history, decision_version
from coproduce.evidence.selectors.reports import screening_facts
from coproduce.evidence.selectors.screening import (
    conflict_list,
    current_decisions,
    screening_agreement,
    screening_labels,
    screening_progress,
)
from coproduce.evidence.services.screening import (
    criterion_create,
    decision_change,
    decision_withdraw,
    dual_screening_set,
    reference_screen,
)
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole


@pytest.fixture
def records(project):
    return [ReferenceFactory(project=project, title=f"Council study {i}") for i in range(4)]


@pytest.fixture
def pair(member):
    return member(ProjectRole.RESEARCHER), member(ProjectRole.RESEARCHER)


def _reason(project, lead, label):
    return criterion_create(project=project, kind=CriterionKind.EXCLUDE, label=label, description="", by=lead)


@pytest.mark.django_db
def test_decision_change_replaces_the_decision_in_every_count_and_keeps_the_log(project, records, lead):
    # given a record included, then changed to an exclusion with a reason
    not_local = _reason(project, lead, "Not local government")
    first = reference_screen(reference=records[0], decision=Decision.INCLUDE, offered_as="active", by=lead)
    version = decision_version(reference=records[0], screener_id=lead.pk)
    changed = decision_change(
        reference=records[0], decision=Decision.EXCLUDE, reason=not_local, note="Parish council", by=lead,
        version=version,
    )  # fmt: skip
    # then the log keeps both rows and every count sees only the exclusion
    assert ScreeningDecision.objects.count() == 2
    assert changed.offered_as == "active"  # how the record was offered stays with the change
    assert current_decisions(project=project) == {records[0].pk: Decision.EXCLUDE}
    progress = screening_progress(project=project)
    assert (progress.included, progress.excluded) == (0, 1)
    counts = prisma_counts(project=project)
    assert (counts.screened, counts.excluded, counts.included_ta) == (1, 1, 0)
    assert screening_labels(project=project) == {records[0].pk: False}
    assert screening_order(project=project) == [False]
    assert current_reasons(project=project, stage="title_abstract") == {records[0].pk: "Not local government"}
    tags = {row.reference.pk: row.tags for row in export_rows(project=project, records="all")}
    assert "coproduce:ta-exclude" in tags[records[0].pk] and "coproduce:ta-include" not in tags[records[0].pk]
    # and the history lists both, newest first, the change marked as counting
    history = decision_history(reference=records[0])
    assert [e.decision.pk for e in history] == [changed.pk, first.pk]
    assert [(e.counts, e.standing, e.changed) for e in history] == [(True, True, True), (False, False, False)]
    audit = AuditEvent.objects.filter(action="evidence.reference.screened").order_by("id").last()
    assert audit is not None and audit.changes["before"] == "include"


@pytest.mark.django_db
def test_decision_withdraw_puts_the_record_back_unscreened_everywhere(project, records, lead):
    # given two records screened, and one of them undone
    made = reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, by=lead)
    undo = decision_withdraw(reference=records[0], by=lead, version=record_version(made))
    # then the undo is a new row and the record counts nowhere as screened
    assert undo.decision == WITHDRAWN and ScreeningDecision.objects.count() == 3
    assert current_decisions(project=project) == {records[1].pk: Decision.EXCLUDE}
    assert screening_progress(project=project).screened == 1
    assert prisma_counts(project=project).screened == 1
    assert screening_labels(project=project) == {records[1].pk: False}
    assert screening_order(project=project) == [False]
    assert screening_facts(project=project).screeners == 1
    assert AuditEvent.objects.filter(action="evidence.decision.withdrawn").count() == 1
    # and it is offered again to its screener
    offered = screening_next(project=project, screener_id=lead.pk).reference
    assert offered is not None and offered.pk in {records[0].pk, records[2].pk, records[3].pk}
    # and there is nothing more to undo
    with pytest.raises(ValidationError):
        decision_withdraw(reference=records[0], by=lead, version=NEW)


@pytest.mark.django_db
def test_undoing_ones_decision_leaves_the_earlier_one_of_someone_else_standing(project, records, pair):
    a, b = pair
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=a)
    mine = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=b)
    assert current_decisions(project=project) == {records[0].pk: Decision.EXCLUDE}
    decision_withdraw(reference=records[0], by=b, version=record_version(mine))
    assert current_decisions(project=project) == {records[0].pk: Decision.INCLUDE}


@pytest.mark.django_db
def test_a_decision_made_meanwhile_is_not_silently_overwritten(project, records, pair):
    a, b = pair
    # given two tabs (or two people) that opened the record while it had no decision
    opened = decision_version(reference=records[0], screener_id=b.pk)
    assert opened == NEW
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=a, version=NEW)
    # when the second saves from what they saw
    with pytest.raises(EditConflict) as refused:
        decision_change(reference=records[0], decision=Decision.EXCLUDE, by=b, version=opened)
    with pytest.raises(EditConflict):
        reference_screen(reference=records[0], decision=Decision.MAYBE, by=b, version=NEW)
    # then nothing is saved and the refusal says what is saved now
    assert ScreeningDecision.objects.count() == 1
    assert refused.value.fields[0].theirs.startswith("Include")
    # and saving over the decision they now see works
    now = decision_version(reference=records[0], screener_id=b.pk)
    decision_change(reference=records[0], decision=Decision.EXCLUDE, by=b, version=now)
    assert current_decisions(project=project) == {records[0].pk: Decision.EXCLUDE}


@pytest.mark.django_db
def test_an_undo_from_a_stale_tab_is_refused(project, records, lead):
    made = reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    stale = record_version(made)
    decision_change(
        reference=records[0], decision=Decision.MAYBE, by=lead,
        version=decision_version(reference=records[0], screener_id=lead.pk),
    )  # fmt: skip
    with pytest.raises(EditConflict):
        decision_withdraw(reference=records[0], by=lead, version=stale)
    assert current_decisions(project=project) == {records[0].pk: Decision.MAYBE}


@pytest.mark.django_db
def test_dual_screening_counts_each_screeners_current_vote(project, records, pair, lead):
    a, b = pair
    dual_screening_set(project=project, share_percent=100, by=lead)
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=a)
    vote = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=b)
    assert list(conflict_list(project=project)) == [records[0]]
    assert screening_agreement(project=project).n_pairs == 1
    # when the second screener undoes their vote, the record waits for a second vote again
    decision_withdraw(reference=records[0], by=b, version=record_version(vote))
    assert not conflict_list(project=project).exists()
    assert screening_agreement(project=project).n_pairs == 0
    assert screening_next(project=project, screener_id=b.pk).reference is not None
    # and when they vote again in agreement, that counts
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=b)
    assert current_decisions(project=project) == {records[0].pk: Decision.INCLUDE}


@pytest.mark.django_db
def test_blind_votes_are_checked_against_ones_own_vote_only(project, records, pair, lead):
    a, b = pair
    dual_screening_set(project=project, share_percent=100, by=lead)
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=a, version=NEW)
    # the second blind screener saw no decision of theirs, and is not told of the first's
    assert decision_version(reference=records[0], screener_id=b.pk) == NEW
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=b, version=NEW)
    assert current_decisions(project=project) == {records[0].pk: Decision.INCLUDE}


@pytest.mark.django_db
def test_screening_order_places_a_redecided_record_when_its_standing_decision_was_made(
    project, records, lead
):
    first = reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[1], decision=Decision.EXCLUDE, by=lead)
    decision_withdraw(reference=records[0], by=lead, version=record_version(first))
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    # records[0] was undone and decided again after records[1]: it now comes second
    assert screening_order(project=project) == [False, True]
