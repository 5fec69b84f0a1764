"""Recommendation pages and the personal endorsement link."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.services.themes import theme_create
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.jobs.email import REFUSED
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.tests.mail_servers import flaky_server
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.recommendations.models import Endorsement, Recommendation, RecommendationStatus
from coproduce.recommendations.selectors.endorsement import endorsement_token
from coproduce.recommendations.services.endorsement import endorsement_round_open
from coproduce.recommendations.services.recommendations import (
    recommendation_create,
    recommendation_evidence_add,
    recommendation_publish,
)

pytestmark = pytest.mark.django_db


def _round(project, lead, recommendation):
    person = StakeholderFactory(project=project)
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER, by=lead,
    )  # fmt: skip
    return endorsement_round_open(
        project=project, by=lead, title="Round 1", people=[person], link_for=lambda invite: "https://x/",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip


def test_draft_and_revise_through_the_pages(project, lead_client):
    url = reverse("recommendations:recommendation_create", kwargs={"project_id": project.public_id})
    response = lead_client.post(url, {"action": "Pool small grants", "timeframe": "0-6", "priority": "high"})
    recommendation = Recommendation.objects.get()
    assert response["Location"] == recommendation.get_absolute_url()

    revise = reverse(
        "recommendations:recommendation_revise",
        kwargs={"project_id": project.public_id, "recommendation_id": recommendation.public_id},
    )
    refused = lead_client.post(revise, {"action": "Pool grants", "timeframe": "0-6", "priority": "high"})
    assert "Say what changed and why" in refused.content.decode()
    lead_client.post(
        revise, {"action": "Pool grants", "timeframe": "6-18", "priority": "high", "reason": "Funders asked"}
    )
    recommendation.refresh_from_db()
    assert (recommendation.version, recommendation.timeframe) == (2, "6-18")
    page = lead_client.get(recommendation.get_absolute_url()).content.decode()
    assert "Version 2" in page and "Funders asked" in page


def test_endorsement_link_records_views_and_refuses_bad_links(client, project, lead):
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    invite = _round(project, lead, recommendation).invites.get()
    url = reverse("endorsement_public:endorsement_open", kwargs={"token": endorsement_token(invite=invite)})

    page = client.get(url)
    empty = client.post(url, {})
    sent = client.post(
        url, {f"position_{recommendation.pk}": "changes", f"comment_{recommendation.pk}": "Name a lead"}
    )
    tampered = client.post(url[:-3] + "xx/", {f"position_{recommendation.pk}": "object"})

    assert page.status_code == 200 and "Pool small grants" in page.content.decode()
    assert "Give your view on at least one recommendation" in empty.content.decode()
    assert sent.status_code == 302
    assert tampered.status_code == 400
    assert list(Endorsement.objects.values_list("position", "comment")) == [("changes", "Name a lead")]


def test_endorsement_link_of_a_closed_round_answers_gone(client, project, lead):
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    round_ = _round(project, lead, recommendation)
    round_.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    round_.save()
    url = reverse(
        "endorsement_public:endorsement_open",
        kwargs={"token": endorsement_token(invite=round_.invites.get())},
    )

    response = client.post(url, {f"position_{recommendation.pk}": "support"})

    assert response.status_code == 410 and not Endorsement.objects.exists()


def test_progress_on_the_published_recommendation(project, lead, lead_client):
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    recommendation_publish(recommendation=recommendation, by=lead)
    kwargs = {"project_id": project.public_id, "recommendation_id": recommendation.public_id}

    lead_client.post(
        reverse("recommendations:progress_record", kwargs=kwargs),
        {"progress": "in_progress", "note": "Fund agreed"},
    )
    lead_client.post(reverse("recommendations:milestone_add", kwargs=kwargs), {"title": "First grants paid"})

    page = lead_client.get(recommendation.get_absolute_url()).content.decode()
    assert "Progress: In progress" in page and "Fund agreed" in page and "First grants paid" in page
    assert recommendation.status == RecommendationStatus.PUBLISHED


def test_trace_csv_is_formula_safe(project, lead, lead_client):
    recommendation = recommendation_create(project=project, by=lead, action="Pool grants")
    record = ReferenceFactory(project=project, title='=HYPERLINK("http://x")')
    recommendation_evidence_add(recommendation=recommendation, by=lead, kind="reference", target=record)
    url = reverse(
        "recommendations:recommendation_trace_csv",
        kwargs={"project_id": project.public_id, "recommendation_id": recommendation.public_id},
    )

    response = lead_client.get(url)

    assert response["Content-Type"].startswith("text/csv")
    header, _recommendation, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:3] == ["Path", "Recommendation", "Through"]
    assert row[1:6] == ["R1", "Linked directly", "", "Review record", '\'=HYPERLINK("http://x")']
    assert row[0] == 'R1 > Linked directly > =HYPERLINK("http://x")'


def test_evidence_is_found_and_linked_directly_from_the_trace_page(project, lead, lead_client):
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    theme = theme_create(project=project, by=lead, name="Relationships before contracts")
    kwargs = {"project_id": project.public_id, "recommendation_id": recommendation.public_id}
    page = reverse("recommendations:recommendation_trace", kwargs=kwargs)

    found = lead_client.get(page, {"kind": "theme", "q": "relationships"}).content.decode()
    lead_client.post(
        reverse("recommendations:recommendation_evidence_add", kwargs=kwargs),
        {"kind": "theme", "target": theme.pk, "note": "Heard in every sector"},
    )

    assert 'name="q"' in found and "Relationships before contracts" in found
    link = recommendation.evidence_links.get()
    assert (link.theme, link.note) == (theme, "Heard in every sector")


def test_progress_is_saved_and_told_to_everyone_else_when_the_mail_server_refuses_one(
    project, lead, lead_client, mailoutbox
):
    # Given three people who asked to hear about progress, one at an address the mail server refuses
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    addresses = ["ann@example.org", "bo@refused.example", "cy@example.org"]
    people = [StakeholderFactory.create(project=project, email=address) for address in addresses]
    for person in people:
        consent_record(
            stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.GIVEN,
            method=ConsentMethod.PAPER, by=lead,
        )  # fmt: skip
    round_ = endorsement_round_open(
        project=project, by=lead, title="Round 1", people=people, link_for=lambda invite: "https://x/",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    round_.invites.update(notify_updates=True)
    recommendation_publish(recommendation=recommendation, by=lead)
    mailoutbox.clear()
    kwargs = {"project_id": project.public_id, "recommendation_id": recommendation.public_id}

    # When the lead records progress
    with flaky_server():
        response = lead_client.post(
            reverse("recommendations:progress_record", kwargs=kwargs),
            {"progress": "in_progress", "note": "Fund agreed"},
        )

    # Then the page works, the progress is saved, the others are told, and the refusal is kept with its reason
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.progress == "in_progress"
    assert recommendation.updates.get().notified == 3
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "cy@example.org"]
    failed = Job.objects.get(project=project, status=JobStatus.FAILED)
    assert (
        failed.label == f"Email to b•••@refused.example: {project.title}: progress on {recommendation.label}"
    )
    assert failed.error.startswith(REFUSED) and failed.need == "manage_recommendations"
    page = lead_client.get(response.url, follow=True).content.decode()
    assert "3 people will be told by email" in page


def test_the_recommendation_list_makes_the_same_queries_for_one_recommendation_or_many(
    project, lead, lead_client, django_assert_num_queries
):
    # Given a project with one recommendation, and the number of queries its list page makes
    url = reverse("recommendations:recommendation_list", kwargs={"project_id": project.public_id})
    recommendation_create(project=project, by=lead, action="Pool small grants through one fund")
    with CaptureQueriesContext(connection) as one:
        assert lead_client.get(url).status_code == 200
    # When there are five
    for n in range(4):
        recommendation_create(project=project, by=lead, action=f"Share one referral form {n}")
    # Then the page lists them all in the same number of queries
    with django_assert_num_queries(len(one.captured_queries)):
        page = lead_client.get(url)
    assert page.content.decode().count("Share one referral form") == 4
