"""Moderating statements: participants' statements wait when the activity asks, and any can be taken out."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Statement,
    StatementStatus,
    StatementVote,
    WorkshopStatus,
)
from coproduce.workshops.selectors.opinion import statements_analyse
from coproduce.workshops.selectors.participation import statement_queue
from coproduce.workshops.services.contributions import statement_add
from coproduce.workshops.services.statement_moderation import statement_moderate

from .factories import ActivityFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN, moderate_statements=True)


@pytest.fixture
def facilitator(client, activity):
    user = MembershipFactory(project=activity.workshop.project, role=ProjectRole.FACILITATOR).user
    client.force_login(user)
    client.user = user
    return client


def _url(name, activity, **kwargs):
    workshop = activity.workshop
    base = {
        "project_id": workshop.project.public_id,
        "workshop_id": workshop.public_id,
        "statements_activity_id": activity.public_id,
    }
    return reverse(f"workshops:{name}", kwargs={**base, **kwargs})


def test_a_statement_waits_for_a_facilitator_when_the_activity_asks(activity):
    # given a participant in an activity whose statements are checked first
    author, voter = (ParticipantFactory(workshop=activity.workshop) for _ in range(2))

    # when they add a statement, then it waits, and no one is asked to vote on it
    statement = statement_add(activity=activity, participant=author, text="Pool the small grants")
    assert statement.status == StatementStatus.PENDING
    assert statement_queue(activity=activity, participant=voter) == []

    # when a facilitator shows it to everyone, then phones get it
    user = MembershipFactory(project=activity.workshop.project, role=ProjectRole.FACILITATOR).user
    statement_moderate(statement=statement, decision="accept", by=user)
    assert statement_queue(activity=activity, participant=voter) == [statement]
    event = AuditEvent.objects.get(action="workshops.statement.accepted")
    assert event.changes["status"] == ["pending", "accepted"]


def test_without_moderation_a_statement_is_shown_at_once():
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    author = ParticipantFactory(workshop=activity.workshop)
    assert statement_add(activity=activity, participant=author, text="Share data").status == "accepted"


def test_a_statement_taken_out_leaves_the_phones_and_the_analysis_but_keeps_its_votes(activity):
    # given two statements with votes from six people
    kept, rude = StatementFactory(activity=activity, number=1), StatementFactory(activity=activity, number=2)
    people = [ParticipantFactory(workshop=activity.workshop) for _ in range(6)]
    for n, person in enumerate(people):
        StatementVote.objects.create(statement=kept, participant=person, value=1 if n % 2 else -1)
        StatementVote.objects.create(statement=rude, participant=person, value=1)
    newcomer = ParticipantFactory(workshop=activity.workshop)
    user = MembershipFactory(project=activity.workshop.project, role=ProjectRole.FACILITATOR).user

    # when a facilitator takes one out
    statement_moderate(statement=rude, decision="reject", by=user)

    # then phones no longer show it, the analysis leaves it out, and its votes are kept
    assert statement_queue(activity=activity, participant=newcomer) == [kept]
    analysis = statements_analyse(activity=activity).analysis
    assert analysis.n_statements == 1
    assert {int(c.statement) for c in analysis.cross_sector} == {1}
    assert StatementVote.objects.filter(statement=rude).count() == 6

    # and showing it again brings it back with its votes
    statement_moderate(statement=rude, decision="accept", by=user)
    assert statement_queue(activity=activity, participant=newcomer) == [kept, rude]


def test_a_decision_is_refused_after_the_workshop_ends_or_when_unknown(activity):
    statement = StatementFactory(activity=activity)
    user = MembershipFactory(project=activity.workshop.project, role=ProjectRole.FACILITATOR).user
    with pytest.raises(ValidationError):
        statement_moderate(statement=statement, decision="maybe", by=user)
    type(activity.workshop).objects.filter(pk=activity.workshop.pk).update(status=WorkshopStatus.ENDED)
    with pytest.raises(ValidationError):
        statement_moderate(statement=statement, decision="reject", by=user)
    assert Statement.objects.get(pk=statement.pk).status == StatementStatus.ACCEPTED
    assert not AuditEvent.objects.filter(action__startswith="workshops.statement.").exists()


def test_the_moderation_page_lists_statements_by_status_and_acts(facilitator, activity):
    # given a seed statement shown and a participant's statement waiting
    StatementFactory(activity=activity, number=1, text="Funders should pool grants", is_seed=True)
    author = ParticipantFactory(workshop=activity.workshop, display_name="Sam")
    waiting = statement_add(activity=activity, participant=author, text="Councils should share data")

    # when the facilitator opens the page, then both are listed, under their status
    page = facilitator.get(_url("statement_moderation", activity)).content.decode()
    assert "Waiting for you (1)" in page and "Shown to everyone (1)" in page
    assert "Added by Sam" in page and "Seed statement" in page
    assert "js/workshop-live.js" in page
    fragment = facilitator.get(
        _url("statement_moderation_partial", activity), headers={"X-Requested-With": "fetch"}
    ).content.decode()
    assert "Waiting for you (1)" in fragment and "<html" not in fragment

    # when they show the waiting one to everyone, then it moves, with a message
    decide = _url("statement_decide", activity, statement_id=waiting.public_id)
    response = facilitator.post(decide, {"decision": "accept"}, follow=True)
    page = response.content.decode()
    assert "Statement 2 is shown to everyone" in page
    assert "Waiting for you (0)" in page and "Shown to everyone (2)" in page

    # and a wrong decision changes nothing and says why
    response = facilitator.post(decide, {"decision": "x"}, follow=True)
    assert "Choose whether to show the statement or take it out" in response.content.decode()
    assert Statement.objects.get(pk=waiting.pk).status == StatementStatus.ACCEPTED


def test_the_moderation_page_is_for_statements_activities_only(facilitator, activity):
    board = ActivityFactory(workshop=activity.workshop, kind=ActivityKind.IDEA_BOARD)
    assert facilitator.get(_url("statement_moderation", board)).status_code == 404


def test_a_participant_is_told_their_statement_waits(activity):
    person = ParticipantFactory(workshop=activity.workshop)
    phone = Client()
    phone.cookies[participant_cookie_name(workshop=activity.workshop)] = participant_token(participant=person)
    url = reverse(
        "workshops_public:statement_add",
        kwargs={"join_code": activity.workshop.join_code, "statements_activity_id": activity.public_id},
    )
    page = phone.post(url, {"text": "Open the libraries on Sundays"}, follow=True).content.decode()
    assert "will be shown once a facilitator has checked it" in page
    assert Statement.objects.get().status == StatementStatus.PENDING


def test_the_facilitator_sees_how_many_statements_wait(facilitator, activity):
    author = ParticipantFactory(workshop=activity.workshop)
    statement_add(activity=activity, participant=author, text="Pool the small grants")
    workshop = activity.workshop
    page = facilitator.get(
        reverse(
            "workshops:facilitate",
            kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id},
        )
    ).content.decode()
    assert "Moderate statements" in page and "(1 waiting)" in page
    assert "joined; 0 of them used their phone in the last 5 minutes" in page


def test_the_agenda_form_sets_moderation(client, activity):
    workshop = activity.workshop
    client.force_login(MembershipFactory(project=workshop.project, role=ProjectRole.RESEARCHER).user)
    url = reverse(
        "workshops:activity_create",
        kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id},
    )
    data = {
        "kind": "statements",
        "title": "Where we agree",
        "seed_statements": "Funders should pool grants",
        "allow_participant_statements": "on",
        "moderate_statements": "on",
    }
    client.post(url + "?kind=statements", data)
    created = workshop.activities.get(title="Where we agree")
    assert created.moderate_statements and created.allow_participant_statements
