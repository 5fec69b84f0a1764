"""Recording the team's decision to stop screening (and to resume), its page, and what the reports say."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from coproduce.core.models import AuditEvent
from coproduce.evidence.models import ScreeningStop
from coproduce.evidence.selectors.stopping import screening_stop_get
from coproduce.evidence.services.stopping import screening_resume_record, screening_stop_record
from coproduce.projects.permissions import ProjectRole

from .test_prisma import build_review, stop_record

VISITORS = [*(role.value for role in ProjectRole), "outsider", "anonymous"]


def _url(project, name="screening_stop"):
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id})


@pytest.mark.django_db
def test_screening_stop_record_fills_the_rule_and_counts_from_the_test(project, lead):
    # given six of eight records screened
    build_review(project)
    # when a lead records a stop
    stop = screening_stop_record(project=project, by=lead, reason="  The last records were all excluded. ")
    # then the rule, p-value and counts are kept, the reason is trimmed and an audit row is written
    assert stop.rule == "Hypergeometric test, 95% recall, alpha 0.05"
    assert stop.p_value is not None and 0 <= stop.p_value <= 1
    assert (stop.records_screened, stop.records_unscreened) == (6, 2)
    assert stop.reason == "The last records were all excluded."
    assert screening_stop_get(project=project) == stop
    event = AuditEvent.objects.get(action="evidence.screening.stopped")
    assert event.project_id == project.pk


@pytest.mark.django_db
def test_screening_stop_record_refuses_when_nothing_was_screened(project, lead):
    with pytest.raises(ValidationError):
        screening_stop_record(project=project, by=lead, reason="Why not")
    assert not ScreeningStop.objects.exists()


@pytest.mark.django_db
def test_screening_resume_record_ends_the_stop_and_keeps_the_history(project, lead):
    # given a recorded stop
    build_review(project)
    screening_stop_record(project=project, by=lead, reason="Rule says stop")
    # when the team resumes
    screening_resume_record(project=project, by=lead, reason="New search added records")
    # then no stop is in force, both rows are kept and resuming twice is refused
    assert screening_stop_get(project=project) is None
    assert ScreeningStop.objects.count() == 2
    assert AuditEvent.objects.filter(action="evidence.screening.resumed").exists()
    with pytest.raises(ValidationError):
        screening_resume_record(project=project, by=lead, reason="Again")


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_screening_stop_page_per_role(client, project, member, outsider, visitor):
    # given a review with screened records
    build_review(project)
    if visitor == "outsider":
        client.force_login(outsider)
    elif visitor != "anonymous":
        client.force_login(member(ProjectRole(visitor)))
    # when the visitor posts a reason
    response = client.post(_url(project), {"reason": "The rule says stop"})
    # then only those who manage the evidence record a stop
    allowed = (
        visitor != "anonymous" and visitor != "outsider" and ProjectRole(visitor).allows("manage_evidence")
    )
    expected = 302 if allowed else {"outsider": 404, "anonymous": 302}.get(visitor, 403)
    assert response.status_code == expected
    assert ScreeningStop.objects.exists() == allowed


@pytest.mark.django_db
def test_screening_stop_page_shows_the_test_and_needs_a_reason(lead_client, project):
    build_review(project)
    page = lead_client.get(_url(project))
    assert page.status_code == 200
    assert "Hypergeometric stopping test" in page.text
    # with the target recall and the confidence in per cent, and the recall estimated so far
    figures = " ".join(page.text.split())
    assert 'Target recall</dt><dd class="govuk-summary-list__value">95% of the relevant records' in figures
    assert 'Confidence</dt><dd class="govuk-summary-list__value">95%' in figures
    assert "Estimated recall so far" in figures and "(90% interval)" in figures
    assert "0.95 recall" not in figures
    response = lead_client.post(_url(project), {"reason": ""})
    assert response.status_code == 400
    assert "Enter why the team is making this decision" in response.text
    assert not ScreeningStop.objects.exists()


@pytest.mark.django_db
def test_screening_stop_shows_on_the_screen_page_prisma_and_report(lead_client, project, lead):
    # given a recorded stop
    build_review(project)
    screening_stop_record(project=project, by=lead, reason="The rule says stop")
    # when the screening page, the PRISMA page and the report are opened
    screen = lead_client.get(_url(project, "screen")).text
    prisma = lead_client.get(_url(project, "prisma")).text
    report = lead_client.get(_url(project, "screening_report")).text
    # then each says screening stopped, and screening is still offered
    assert f"by {escape(lead.full_name)}: The rule says stop" in screen  # a name may hold an apostrophe
    assert 'id="screen-form"' in screen
    # (six of eight screened is too few for the test: the stop is the team's decision, not the rule's)
    assert "Records removed for other reasons (screening stopped by the team&#x27;s decision before" in prisma
    assert "Screening stopped on" in report and "The rule says stop" in report


@pytest.mark.django_db
@pytest.mark.parametrize("met", [True, False])
def test_prisma_page_and_methods_credit_the_rule_only_when_its_test_was_met(lead_client, project, lead, met):
    # given a stop recorded when the test said stop (p = 0.010) or did not yet (p = 0.300)
    build_review(project)
    stop_record(project, lead, p_value=0.01 if met else 0.30)
    # when the PRISMA page and the screening report are opened
    prisma = lead_client.get(_url(project, "prisma")).text
    report = lead_client.get(_url(project, "screening_report")).text
    # then only a met test is named as the reason the records left were not screened
    credited = (
        "when the team applied a stopping rule: Hypergeometric test, 95% recall, alpha 0.05 (p = 0.010; "
    )
    assert (credited in report) is met
    assert ("marked as ineligible by automation tools (screening stopped: Hypergeometric" in prisma) is met
    decision = "by the team\u2019s decision before the stopping test was met"
    assert (decision in report) is not met
    assert ("reported as removed for other reasons" in report) is not met
    assert ("Records removed for other reasons (screening stopped by the team" in prisma) is not met
    assert ("p = 0.300" in report and "p = 0.300" in prisma) is not met
    # and a stop against the test gives the estimate of the relevant records left when it was recorded
    # and either way they give the estimate of the relevant records left when it was recorded, and the
    # recall it means (3 relevant found, about 1 left, between 0 and 2: 75%, between 60% and 100%)
    estimate = "relevant record (between 0 and 2) was estimated to be still unscreened"
    assert estimate in report and estimate in " ".join(prisma.split())
    assert "an estimated recall of 75% (between 60% and 100%)" in report
