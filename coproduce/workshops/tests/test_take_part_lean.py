"""The answers phones post most are lean: the phone, its workshop and the activities are read once each.

The busiest page of a live workshop is the answer to a card posted by htmx. It reads the participant with
their workshop (from the cookie) in one query and the activity answered with the one the page shows in
another, and the empty card form is drawn once and reused. These tests keep it so, and check that the
answers show what they showed before.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.forms import Form
from django.test.signals import template_rendered
from django.utils import timezone

from coproduce.workshops.forms.participant import CardForm
from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import ActivityKind, ActivityState, Card, DotVote, WorkshopStatus
from coproduce.workshops.selectors.core import activity_current, activity_open_latest

from .factories import ActivityFactory, CardFactory, ParticipantFactory, WorkshopFactory
from .test_take_part import HTMX, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def board(workshop, person):
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, opened_at=timezone.now())
    CardFactory.create_batch(3, activity=activity, participant=person)
    return activity


def _card(text: str) -> dict[str, str]:
    return {"column": "Tactical", "text": text, "client_key": str(uuid.uuid4())}


def test_an_idea_posted_by_htmx_reads_the_phone_and_the_activity_once(
    joined, workshop, board, django_assert_max_num_queries
):
    # The phone with its workshop, the activity answered with the open one, the repeat check, the card
    # (in a savepoint), the audit row, and the phone's own cards: six reads and writes, and four
    # savepoint statements (the service's, within the test's transaction, and the card's).
    add = url("card_add", workshop, activity_id=board.public_id)
    joined.post(add, _card("A first idea: the phone is now seen as active"), **HTMX)
    with django_assert_max_num_queries(10):
        response = joined.post(add, _card("Pool small grants"), **HTMX)
    assert response.status_code == 200
    assert "Your idea has been added" in response.text
    assert response.text.count('class="app-idea"') == 5


def test_a_dot_posted_by_htmx_reads_the_board_with_the_activity(
    joined, workshop, board, person, django_assert_max_num_queries
):
    board.state = ActivityState.CLOSED
    board.save()
    dots = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=2)
    card = board.cards.first()
    add = url("dot_add", workshop, vote_activity_id=dots.public_id)
    joined.get(url("take_part", workshop))  # the phone is now seen as active
    with django_assert_max_num_queries(12):
        response = joined.post(add, {"card": str(card.public_id), "client_key": str(uuid.uuid4())}, **HTMX)
    assert response.status_code == 200
    assert "1 of 2 dots left" in re.sub(r"<[^>]+>", "", response.text)
    assert DotVote.objects.filter(participant=person).count() == 1


def test_the_answer_shows_the_activity_opened_last(joined, workshop, board):
    # given a second open activity opened after the board (a facilitator moved on as the card was sent)
    later = ActivityFactory(
        workshop=workshop,
        kind=ActivityKind.STATEMENTS,
        title="Agree or disagree",
        opened_at=timezone.now() + timedelta(seconds=1),
    )

    # when a card reaches the board, then it is stored and the answer shows the newer activity
    response = joined.post(url("card_add", workshop, activity_id=board.public_id), _card("Late idea"), **HTMX)
    assert response.status_code == 200
    assert Card.objects.filter(text="Late idea").exists()
    assert "Agree or disagree" in response.text
    assert activity_current(workshop=workshop) == later


def test_the_open_activity_is_picked_as_activity_current_picks_it(workshop):
    now = timezone.now()
    never = ActivityFactory(workshop=workshop, order=0, opened_at=None)
    early = ActivityFactory(workshop=workshop, order=1, opened_at=now - timedelta(minutes=5))
    late_second = ActivityFactory(workshop=workshop, order=3, opened_at=now)
    late_first = ActivityFactory(workshop=workshop, order=2, opened_at=now)
    closed = ActivityFactory(workshop=workshop, order=4, opened_at=now + timedelta(minutes=1))
    closed.state = ActivityState.CLOSED
    closed.save()
    everything = [never, early, late_second, late_first, closed]
    assert activity_open_latest(everything) == activity_current(workshop=workshop) == late_first
    assert activity_open_latest([never, early]) == early
    assert activity_open_latest([never]) == never
    assert activity_open_latest([closed]) is None


def test_a_cookie_names_a_participant_only_of_its_own_workshop(client, workshop, board):
    # given a phone holding cookies of two workshops, the token of one put under the other's name
    other = WorkshopFactory(status=WorkshopStatus.LIVE)
    stranger = ParticipantFactory(workshop=other, number=1)
    elsewhere = ParticipantFactory(workshop=workshop, number=2)
    client.cookies[participant_cookie_name(workshop=other)] = participant_token(participant=elsewhere)
    client.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=stranger)

    # then neither workshop takes them for a participant: each sends them to its join form
    for room in (workshop, other):
        response = client.get(url("take_part", room))
        assert response.status_code == 302
        assert response.url == url("join_workshop", room)


def test_a_phone_with_other_workshops_cookies_is_still_known(client, workshop, board, person):
    other = WorkshopFactory(status=WorkshopStatus.LIVE)
    client.cookies[participant_cookie_name(workshop=other)] = participant_token(
        participant=ParticipantFactory(workshop=other, number=1)
    )
    client.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=person)
    response = client.get(url("take_part", workshop))
    assert response.status_code == 200
    assert "You are Participant 1" in response.text


def test_the_ended_workshop_still_thanks_a_participant(joined, workshop, board):
    workshop.status = WorkshopStatus.ENDED
    workshop.save()
    response = joined.post(url("card_add", workshop, activity_id=board.public_id), _card("Too late"))
    assert response.status_code == 410
    assert not Card.objects.filter(text="Too late").exists()


def test_the_empty_card_form_is_the_form_drawn_in_full_with_a_new_key_each_time(joined, workshop, board):
    form = CardForm(columns=["Cultural", "Tactical"], max_length=120)
    assert str(form) == str(Form.render(form))
    add = url("card_add", workshop, activity_id=board.public_id)
    keys = set()
    for text in ("First idea", "Second idea"):
        response = joined.post(add, _card(text), **HTMX)
        keys |= set(re.findall(r'name="client_key" value="([0-9a-f-]{36})"', response.text))
    assert len(keys) == 2
    assert str(uuid.UUID(int=0)) not in keys


def test_the_empty_card_form_is_drawn_from_its_templates_once_per_board_shape():
    drawn = []

    def seen(sender, template, **kwargs):
        drawn.append(template.name)

    columns = [f"Column {uuid.uuid4().hex[:6]}", "Tactical"]  # a shape no other test has drawn
    template_rendered.connect(seen)
    try:
        pages = [str(CardForm(columns=columns, max_length=150)) for _ in range(3)]
    finally:
        template_rendered.disconnect(seen)
    assert drawn.count("components/forms/form.html") == 1
    assert len({page.replace(key, "") for page, key in zip(pages, _keys(pages), strict=True)}) == 1


def _keys(pages: list[str]) -> list[str]:
    return [re.findall(r'name="client_key" value="([0-9a-f-]{36})"', page)[0] for page in pages]
