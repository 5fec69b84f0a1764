"""Pairwise choices answer the pair the server served, once (services/pairwise_choices.py)."""

import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import ActivityKind, PairwiseOption, PairwiseServed, PairwiseVote
from coproduce.workshops.services.pairwise_choices import pairwise_pair_serve, pairwise_vote

from .factories import ActivityFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def pairwise():
    activity = ActivityFactory(kind=ActivityKind.PAIRWISE)
    for order, text in enumerate(["Shared referral form", "One front door", "Joint training"]):
        PairwiseOption.objects.create(activity=activity, text=text, order=order)
    return activity


@pytest.fixture
def person(pairwise):
    return ParticipantFactory(workshop=pairwise.workshop)


@pytest.fixture
def joined(client, pairwise, person):
    client.cookies[participant_cookie_name(workshop=pairwise.workshop)] = participant_token(
        participant=person
    )
    return client


def _serve(activity, participant, **kwargs) -> PairwiseServed:
    served = pairwise_pair_serve(activity=activity, participant=participant, **kwargs)
    assert served is not None
    return served


def _vote_url(activity):
    kwargs = {"join_code": activity.workshop.join_code, "pairwise_activity_id": activity.public_id}
    return reverse("workshops_public:pairwise_vote", kwargs=kwargs)


def test_pairwise_choice_for_a_pair_never_served_is_refused(joined, pairwise):
    # given a participant who was never shown a pair, when they post a choice of two options anyway
    first, second = pairwise.options.all()[:2]
    data = {"winner": first.public_id, "loser": second.public_id, "client_key": str(uuid.uuid4())}
    response = joined.post(_vote_url(pairwise), data, HTTP_HX_REQUEST="true")

    # then it is refused with a message and nothing is stored
    assert response.status_code == 400
    assert "Choose one of the two options shown" in response.text
    assert not PairwiseVote.objects.exists()


def test_pairwise_choice_outside_the_served_pair_is_refused(pairwise, person):
    # given a pair served to the participant, and an option that is not in it
    served = _serve(pairwise, person)
    outside = pairwise.options.exclude(pk__in=[served.first_id, served.second_id]).get()

    # when they choose the option outside the pair, or name the pair's option as the loser of another
    with pytest.raises(ValidationError, match="not the one on your screen"):
        pairwise_vote(activity=pairwise, participant=person, winner=outside, pair=served.public_id)
    with pytest.raises(ValidationError, match="not the one on your screen"):
        pairwise_vote(
            activity=pairwise, participant=person, winner=served.first, loser=outside, pair=served.public_id
        )

    # then nothing is stored
    assert not PairwiseVote.objects.exists()


def test_pairwise_choice_for_someone_elses_pair_is_refused(pairwise, person):
    served = _serve(pairwise, person)
    other = ParticipantFactory(workshop=pairwise.workshop)
    with pytest.raises(ValidationError, match="not the one on your screen"):
        pairwise_vote(activity=pairwise, participant=other, winner=served.first, pair=served.public_id)
    assert not PairwiseVote.objects.exists()


def test_the_same_served_pair_posted_60_times_counts_once(joined, pairwise, settings):
    # given a pair shown on the phone, and a rate limit too high to be what stops the repeats
    settings.WORKSHOP_RATE_LIMIT = 1000
    joined.get(reverse("workshops_public:take_part", kwargs={"join_code": pairwise.workshop.join_code}))
    served = PairwiseServed.objects.get(open=True)

    # when the same choice is posted 60 times, each with a new client key
    statuses = []
    for _ in range(60):
        data = {"pair": served.public_id, "winner": served.first.public_id, "client_key": str(uuid.uuid4())}
        statuses.append(joined.post(_vote_url(pairwise), data, HTTP_HX_REQUEST="true").status_code)

    # then the first counts and the 59 others are refused
    assert statuses == [200] + [400] * 59
    vote = PairwiseVote.objects.get()
    assert (vote.winner, vote.loser, vote.served) == (served.first, served.second, served)


def test_repeated_answer_is_refused_and_the_first_stands(pairwise, person):
    served = _serve(pairwise, person)
    pairwise_vote(activity=pairwise, participant=person, winner=served.first, pair=served.public_id)
    with pytest.raises(ValidationError, match="already chosen between those two"):
        pairwise_vote(activity=pairwise, participant=person, winner=served.second, pair=served.public_id)
    assert PairwiseVote.objects.get().winner == served.first


def test_same_client_key_returns_the_stored_vote(pairwise, person):
    served = _serve(pairwise, person)
    key = uuid.uuid4()
    vote = pairwise_vote(
        activity=pairwise, participant=person, winner=served.first, pair=served.public_id, client_key=key
    )
    again = pairwise_vote(
        activity=pairwise, participant=person, winner=served.first, pair=served.public_id, client_key=key
    )
    assert vote.pk == again.pk


def test_showing_the_page_again_shows_the_same_pair(pairwise, person):
    first = _serve(pairwise, person)
    assert pairwise_pair_serve(activity=pairwise, participant=person) == first
    assert PairwiseServed.objects.count() == 1


def test_cannot_decide_closes_the_pair_and_serves_another(pairwise, person):
    # given a served pair the participant skips
    served = _serve(pairwise, person)
    skip = frozenset({served.first.public_id, served.second.public_id})
    new = _serve(pairwise, person, skip=skip)

    # then another pair is open, and the skipped one can no longer be answered
    assert {new.first_id, new.second_id} != {served.first_id, served.second_id}
    with pytest.raises(ValidationError, match="not the one on your screen"):
        pairwise_vote(activity=pairwise, participant=person, winner=served.first, pair=served.public_id)


def test_database_holds_one_open_pair_and_one_answer_per_pair(pairwise, person):
    served = _serve(pairwise, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        PairwiseServed.objects.create(
            activity=pairwise, participant=person, first=served.first, second=served.second
        )
    PairwiseVote.objects.create(
        activity=pairwise, participant=person, winner=served.first, loser=served.second, served=served
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PairwiseVote.objects.create(
            activity=pairwise, participant=person, winner=served.second, loser=served.first, served=served
        )


def test_someone_on_paper_chooses_between_any_two_options(pairwise):
    # a note-taker enters the choice of someone without a phone, who is shown no pair
    paper = ParticipantFactory(workshop=pairwise.workshop, on_paper=True)
    first, second, _ = pairwise.options.all()
    vote = pairwise_vote(activity=pairwise, participant=paper, winner=first, loser=second)
    assert (vote.winner, vote.loser, vote.served) == (first, second, None)
    with pytest.raises(ValidationError, match="two options"):
        pairwise_vote(activity=pairwise, participant=paper, winner=first, loser=first)
