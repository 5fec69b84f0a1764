"""Note-taker mode: answers given on paper, entered through the participants' own services."""

import pytest
from django.urls import reverse

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Card,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    Participant,
    StatementVote,
)

from .factories import ActivityFactory, CardFactory, StatementFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return WorkshopFactory()


@pytest.fixture
def note_taker(client, workshop):
    client.force_login(MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user)
    return client


def _url(workshop):
    return reverse(
        "workshops:note_taker",
        kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id},
    )


def test_note_taker_without_an_open_activity(note_taker, workshop):
    ActivityFactory(workshop=workshop, state=ActivityState.DRAFT)
    assert "No activity is open." in note_taker.get(_url(workshop)).content.decode()


def test_note_taker_card_for_a_new_person_then_the_same_person(note_taker, workshop):
    ActivityFactory(workshop=workshop, columns=["Cultural", "Tactical"])
    response = note_taker.post(
        _url(workshop),
        {"person": "new", "sector": "funder", "column": "Tactical", "text": "Pool <b>grants</b>"},
    )
    person = Participant.objects.get(workshop=workshop)
    assert person.on_paper and person.sector == "funder"
    assert response.url.endswith(f"?person={person.public_id}")
    card = Card.objects.get()
    assert (card.participant, card.text, card.column) == (person, "Pool grants", "Tactical")

    # the page remembers the person, and a second card is theirs too
    assert f'value="{person.public_id}" selected' in note_taker.get(response.url).content.decode()
    note_taker.post(
        _url(workshop), {"person": str(person.public_id), "column": "Cultural", "text": "Meet monthly"}
    )
    assert Card.objects.filter(participant=person).count() == 2


def test_note_taker_card_records_the_language_chosen_not_the_team_page_s(note_taker, workshop):
    ActivityFactory(workshop=workshop, columns=["Ideas"])
    page = note_taker.get(_url(workshop)).content.decode()
    assert "Language it is written in" in page and '<option value="ur">Urdu (اردو)</option>' in page

    note_taker.post(_url(workshop), {"person": "new", "sector": "funder", "column": "Ideas", "text": "کھیل"})
    note_taker.post(
        _url(workshop),
        {"person": "new", "sector": "funder", "column": "Ideas", "text": "کھیل کا میدان", "language": "ur"},
    )

    assert dict(Card.objects.values_list("text", "language")) == {"کھیل": "", "کھیل کا میدان": "ur"}


def test_note_taker_needs_a_sector_for_a_new_person(note_taker, workshop):
    ActivityFactory(workshop=workshop)
    response = note_taker.post(
        _url(workshop), {"person": "new", "sector": "", "column": "Cultural", "text": "An idea"}
    )
    assert response.status_code == 400
    assert "Choose the new person" in response.content.decode()
    assert not Participant.objects.exists()


def test_note_taker_refused_answer_leaves_no_one_behind(note_taker, workshop):
    ActivityFactory(workshop=workshop)
    response = note_taker.post(
        _url(workshop), {"person": "new", "sector": "funder", "column": "Cultural", "text": "<p></p>"}
    )
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_note_taker_dot_statement_vote_and_pairwise(note_taker, workshop):
    board = ActivityFactory(workshop=workshop, state=ActivityState.CLOSED)
    card = CardFactory(activity=board)
    vote = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board)
    note_taker.post(_url(workshop), {"person": "new", "sector": "vcfse", "target": str(card.public_id)})
    assert DotVote.objects.get(activity=vote).card == card

    vote.state = ActivityState.CLOSED
    vote.save()
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS)
    statement = StatementFactory(activity=statements)
    note_taker.post(
        _url(workshop),
        {"person": "new", "sector": "vcfse", "statement": str(statement.public_id), "value": "-1"},
    )
    assert StatementVote.objects.get().value == -1

    statements.state = ActivityState.CLOSED
    statements.save()
    pairwise = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE)
    a, b = (PairwiseOption.objects.create(activity=pairwise, text=t) for t in ("A", "B"))
    note_taker.post(
        _url(workshop),
        {"person": "new", "sector": "vcfse", "winner": str(b.public_id), "loser": str(a.public_id)},
    )
    assert PairwiseVote.objects.get().winner == b
    assert Participant.objects.filter(workshop=workshop, on_paper=True).count() == 3
