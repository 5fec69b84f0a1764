"""Criteria, screening decisions, the screening queue and the screening page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.evidence.models import Criterion, CriterionKind, Decision, ScreeningDecision, ScreeningStage
from coproduce.evidence.queue import ACTIVE, RANDOM, screening_next, screening_stopping_test
from coproduce.evidence.selectors.screening import current_decisions, screening_labels, screening_progress
from coproduce.evidence.services.screening import criterion_create, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole

TOPICS = [
    "co-production with councils",
    "budget cuts to youth services",
    "library closures",
    "rodent behaviour",
]


@pytest.fixture
def records(project):
    return [
        ReferenceFactory(
            project=project, title=f"{TOPICS[i % 4]} study {i}", abstract=f"About {TOPICS[i % 4]}."
        )
        for i in range(24)
    ]


@pytest.fixture
def not_local(project, lead):
    return criterion_create(
        project=project, kind=CriterionKind.EXCLUDE, label="Not local government", description="", by=lead
    )


@pytest.mark.django_db
def test_reference_screen_takes_an_exclusion_without_a_reason_on_title_and_abstract_only(
    records, not_local, lead
):
    made = reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    assert (made.decision, made.reason) == (Decision.EXCLUDE, None)
    with pytest.raises(ValidationError, match="Choose why this record is excluded"):
        reference_screen(
            reference=records[1], decision=Decision.EXCLUDE, stage=ScreeningStage.FULL_TEXT, by=lead
        )
    made = reference_screen(reference=records[1], decision=Decision.EXCLUDE, reason=not_local, by=lead)
    assert made.reason == not_local
    assert ScreeningDecision.objects.count() == 2


@pytest.mark.django_db
def test_reference_screen_refuses_a_reason_from_another_project_or_with_include(records, not_local, lead):
    other = Criterion.objects.create(
        project=ReferenceFactory().project, kind=CriterionKind.EXCLUDE, label="X"
    )
    with pytest.raises(ValidationError):
        reference_screen(reference=records[0], decision=Decision.EXCLUDE, reason=other, by=lead)
    with pytest.raises(ValidationError):
        reference_screen(reference=records[0], decision=Decision.INCLUDE, reason=not_local, by=lead)


@pytest.mark.django_db
def test_reference_screen_refuses_confirmed_duplicates(records, lead):
    records[1].duplicate_of = records[0]
    records[1].save()
    with pytest.raises(ValidationError):
        reference_screen(reference=records[1], decision=Decision.INCLUDE, by=lead)


@pytest.mark.django_db
def test_current_decisions_take_the_latest_and_maybe_teaches_nothing(project, records, lead):
    # given a record included then excluded, one maybe, and one included
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[0], decision=Decision.EXCLUDE, by=lead)
    reference_screen(reference=records[1], decision=Decision.MAYBE, by=lead)
    reference_screen(reference=records[2], decision=Decision.INCLUDE, by=lead)
    # then
    assert current_decisions(project=project) == {
        records[0].pk: Decision.EXCLUDE,
        records[1].pk: Decision.MAYBE,
        records[2].pk: Decision.INCLUDE,
    }
    assert screening_labels(project=project) == {records[0].pk: False, records[2].pk: True}
    progress = screening_progress(project=project)
    assert (progress.total, progress.screened, progress.included, progress.excluded, progress.maybe) == (
        24,
        3,
        1,
        1,
        1,
    )


@pytest.mark.django_db
def test_screening_next_is_random_until_both_kinds_of_decision_exist(project, records, lead):
    first = screening_next(project=project)
    assert first.offered_as == RANDOM
    reference_screen(reference=records[0], decision=Decision.INCLUDE, by=lead)
    assert screening_next(project=project).offered_as == RANDOM


@pytest.mark.django_db
def test_screening_next_offers_records_like_the_included_ones_first(project, records, lead):
    # given one record about library closures included and one about rodents excluded
    reference_screen(reference=records[2], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[3], decision=Decision.EXCLUDE, by=lead)
    # when
    upcoming = screening_next(project=project, order=ACTIVE)
    # then the model offers another library-closures record
    assert upcoming.offered_as == ACTIVE
    assert upcoming.reference is not None and "library closures" in upcoming.reference.title


@pytest.mark.django_db
def test_screening_next_is_none_when_everything_is_screened(project, records, lead):
    for reference in records:
        reference_screen(reference=reference, decision=Decision.MAYBE, by=lead)
    assert screening_next(project=project).reference is None


@pytest.mark.django_db
def test_screening_stopping_test_uses_first_decisions_in_the_order_made(project, records, lead):
    assert screening_stopping_test(project=project) is None
    for reference in records[:20]:
        reference_screen(reference=reference, decision=Decision.EXCLUDE, by=lead)
    reference_screen(
        reference=records[0], decision=Decision.INCLUDE, by=lead
    )  # a change of mind, not a new one
    result = screening_stopping_test(project=project)
    assert result is not None and 0 <= result.p_value <= 1


def _screen_url(project, order=""):
    url = reverse("evidence:screen", kwargs={"project_id": project.public_id})
    return f"{url}?order={order}" if order else url


@pytest.mark.django_db
def test_screen_page_shows_criteria_and_a_record_and_records_a_decision(
    client, project, records, not_local, lead
):
    client.force_login(lead)
    page = client.get(_screen_url(project))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Not local government" in body and 'aria-keyshortcuts="i"' in body
    shown = page.context["reference"]
    response = client.post(
        _screen_url(project, ACTIVE),
        {"reference_id": shown.pk, "offered_as": RANDOM, "decision": "exclude", "reason": not_local.pk},
    )
    assert response.status_code == 302
    decision = ScreeningDecision.objects.get()
    assert (decision.reference, decision.reason, decision.offered_as) == (shown, not_local, RANDOM)


@pytest.mark.django_db
def test_screen_page_keeps_the_same_record_when_a_decision_is_refused(
    client, project, records, not_local, lead
):
    client.force_login(lead)
    response = client.post(_screen_url(project), {"reference_id": records[5].pk, "note": "Kept"})
    assert response.status_code == 400
    assert response.context["reference"] == records[5]
    assert "Choose include, exclude or maybe" in response.content.decode()
    assert "Kept</textarea>" in response.content.decode()
    assert not ScreeningDecision.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ProjectRole))
def test_screen_page_is_for_screeners_only(client, project, records, member, role):
    client.force_login(member(role))
    assert client.get(_screen_url(project)).status_code == (200 if role.can_screen() else 403)


@pytest.mark.django_db
def test_criterion_pages_add_and_change_a_criterion(client, project, lead):
    client.force_login(lead)
    create = reverse("evidence:criterion_create", kwargs={"project_id": project.public_id})
    assert client.post(create, {"kind": "include", "label": ""}).status_code == 200  # field error shown
    client.post(
        create, {"kind": "include", "label": "About a UK local authority", "description": "Any UK council."}
    )
    criterion = Criterion.objects.get()
    edit = reverse(
        "evidence:criterion_edit", kwargs={"project_id": project.public_id, "criterion_id": criterion.pk}
    )
    client.post(edit, {"label": "About a UK council", "description": ""})
    criterion.refresh_from_db()
    assert (criterion.kind, criterion.label) == ("include", "About a UK council")
    page = client.get(reverse("evidence:criteria", kwargs={"project_id": project.public_id}))
    assert "About a UK council" in page.content.decode()


@pytest.mark.django_db
def test_screen_page_shows_about_n_between_a_and_b(client, project, records, lead):
    # given one included and one excluded record (the model now ranks the rest)
    reference_screen(reference=records[2], decision=Decision.INCLUDE, by=lead)
    reference_screen(reference=records[3], decision=Decision.EXCLUDE, by=lead)
    client.force_login(lead)
    # when the screening page is opened
    page = client.get(reverse("evidence:screen", kwargs={"project_id": project.public_id}))
    # then it gives the estimate with its interval in words
    estimate = page.context["stopping"].remaining
    assert estimate is not None and estimate.unscreened == len(records) - 2
    text = " ".join(page.content.decode().split())
    assert f"likely still among the {estimate.unscreened} not yet screened" in text
    assert f"probably between {estimate.low} and {estimate.high}" in text
