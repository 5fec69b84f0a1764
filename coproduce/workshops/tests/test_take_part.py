"""Tests of the participant pages: joining by code, and taking part in each kind of activity."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.tests.factories import UserFactory
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Card,
    DotVote,
    PairwiseOption,
    PairwiseServed,
    PairwiseVote,
    Participant,
    Statement,
    StatementVote,
)
from coproduce.workshops.selectors.live import participants_active
from coproduce.workshops.services.running import activity_close, activity_reveal

from .factories import ActivityFactory, CardFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def url(name, workshop, **kwargs):
    return reverse(f"workshops_public:{name}", kwargs={"join_code": workshop.join_code, **kwargs})


# --- the current activity ---


def test_waiting_when_nothing_is_open(joined, workshop):
    response = joined.get(url("take_part", workshop))
    assert "Waiting for the facilitator to start the next activity" in response.text


def test_partial_answers_204_when_nothing_changed(joined, workshop):
    partial = url("take_part_partial", workshop)
    assert joined.get(partial, {"known": "waiting"}).status_code == 204
    ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD)
    response = joined.get(partial, {"known": "waiting"})
    assert response.status_code == 200
    assert 'id="take-part-activity"' in response.text
    assert "<html" not in response.text


# --- idea board ---


@pytest.fixture
def board(workshop):
    return ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD)


def test_idea_board_card_added_without_javascript(joined, workshop, board):
    page = joined.get(url("take_part", workshop))
    assert "Add my idea" in page.text
    data = {"column": "Tactical", "text": "Pool small grants", "client_key": str(uuid.uuid4())}
    response = joined.post(url("card_add", workshop, activity_id=board.public_id), data)
    assert response.status_code == 302
    assert joined.post(url("card_add", workshop, activity_id=board.public_id), data).status_code == 302
    assert Card.objects.get().text == "Pool small grants"
    assert "Your idea has been added" in joined.get(url("take_part", workshop)).text


def test_idea_board_script_is_stored_as_text_and_escaped(joined, workshop, board):
    typed = '<script>alert(1)</script><img src=x onerror="alert(2)">Share data'
    data = {"column": "Cultural", "text": typed, "client_key": str(uuid.uuid4())}
    response = joined.post(url("card_add", workshop, activity_id=board.public_id), data, **HTMX)
    assert response.status_code == 200
    assert Card.objects.get().text == "alert(1)Share data"
    assert "<script>alert" not in response.text and "onerror" not in response.text


def test_idea_board_shows_escaped_text_even_when_stored_raw(joined, workshop, board, person):
    CardFactory(activity=board, participant=person, text="<script>alert(1)</script>")
    response = joined.get(url("take_part", workshop))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_idea_board_empty_card_refused_by_htmx(joined, workshop, board):
    data = {"column": "Cultural", "text": "  ", "client_key": str(uuid.uuid4())}
    response = joined.post(url("card_add", workshop, activity_id=board.public_id), data, **HTMX)
    assert response.status_code == 400
    assert "Write your idea before adding it" in response.text
    assert not Card.objects.exists()


def test_idea_board_closed_activity_refused(joined, workshop, board):
    board.state = ActivityState.CLOSED
    board.save()
    data = {"column": "Cultural", "text": "Late idea", "client_key": str(uuid.uuid4())}
    response = joined.post(url("card_add", workshop, activity_id=board.public_id), data, **HTMX)
    assert response.status_code == 400
    assert "not open" in response.text
    assert not Card.objects.exists()


def test_idea_board_rate_limit_answers_429(joined, workshop, board, settings):
    settings.WORKSHOP_RATE_LIMIT = 1
    add = url("card_add", workshop, activity_id=board.public_id)
    joined.post(add, {"column": "Cultural", "text": "One", "client_key": str(uuid.uuid4())}, **HTMX)
    response = joined.post(
        add, {"column": "Cultural", "text": "Two", "client_key": str(uuid.uuid4())}, **HTMX
    )
    assert response.status_code == 429
    assert "too quickly" in response.text
    assert Card.objects.count() == 1


def test_idea_board_others_cards_only_once_revealed(joined, workshop, board):
    CardFactory(activity=board, text="Someone else's idea")
    assert "Someone else's idea" not in joined.get(url("take_part", workshop)).text
    board.state = ActivityState.REVEALED
    board.save()
    assert "Someone else&#x27;s idea" in joined.get(url("take_part", workshop)).text


# --- dot voting ---


@pytest.fixture
def dots(workshop, board):
    board.state = ActivityState.CLOSED
    board.save()
    CardFactory(activity=board, text="Shared referral form")
    return ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=2)


def test_dot_vote_add_remove_and_allowance(joined, workshop, dots):
    card = Card.objects.get()
    page = joined.get(url("take_part", workshop))
    assert "2</strong> of 2 dots left" in page.text
    add, remove = (
        url("dot_add", workshop, vote_activity_id=dots.public_id),
        url("dot_remove", workshop, vote_activity_id=dots.public_id),
    )
    for _ in range(2):
        assert joined.post(add, {"card": card.public_id, "client_key": uuid.uuid4()}).status_code == 302
    refused = joined.post(add, {"card": card.public_id, "client_key": uuid.uuid4()}, **HTMX)
    assert refused.status_code == 400
    assert "You have used all your 2 dots" in refused.text
    response = joined.post(remove, {"card": card.public_id, "client_key": uuid.uuid4()}, **HTMX)
    assert response.status_code == 200
    assert "1</strong> of 2 dots left" in response.text
    assert DotVote.objects.count() == 1


def test_dot_vote_results_hidden_until_revealed(joined, workshop, dots):
    DotVote.objects.create(
        activity=dots,
        participant=ParticipantFactory(workshop=workshop),
        card=Card.objects.get(),
        slot=1,
        allowance=2,
    )
    assert "Results" not in joined.get(url("take_part", workshop)).text
    dots.state, dots.revealed_at = ActivityState.REVEALED, timezone.now()
    dots.save()
    assert "Results" in joined.get(url("take_part", workshop)).text


# --- statements ---


@pytest.fixture
def statements(workshop):
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS)
    StatementFactory(activity=activity, number=1, text="Funders should pool grants")
    StatementFactory(activity=activity, number=2, text="Councils should share data")
    return activity


def _statements_on_page(html: str) -> list[tuple[str, bool]]:
    """(text, shown) of each statement on a take-part page, in order: one is shown, the rest wait hidden."""
    found = re.findall(
        r'<div class="app-statement" data-statement="[^"]+"( hidden)?>.*?app-statement__text[^>]*>([^<]*)<',
        html,
        re.S,
    )
    return [(text, not hidden) for hidden, text in found]


def test_statements_one_at_a_time_then_done(joined, workshop, statements):
    first, second = Statement.objects.order_by("number")
    page = joined.get(url("take_part", workshop))
    assert _statements_on_page(page.text) == [(first.text, True), (second.text, False)]
    response = joined.post(url("statement_vote", workshop, statement_id=first.public_id), {"value": "agree"})
    assert response.status_code == 302
    response = joined.post(
        url("statement_vote", workshop, statement_id=second.public_id), {"value": "disagree"}, **HTMX
    )
    assert "You have voted on all statements" in response.text
    assert sorted(StatementVote.objects.values_list("value", flat=True)) == [-1, 1]


def test_statements_skip_shows_the_next(joined, workshop, statements):
    first, second = Statement.objects.order_by("number")
    response = joined.get(url("take_part_partial", workshop), {"after": first.number}, **HTMX)
    assert _statements_on_page(response.text) == [(second.text, True), (first.text, False)]
    assert not StatementVote.objects.exists()


def test_statements_vote_bad_value_and_closed(joined, workshop, statements):
    first = Statement.objects.order_by("number")[0]
    vote = url("statement_vote", workshop, statement_id=first.public_id)
    assert joined.post(vote, {"value": "maybe"}, **HTMX).status_code == 400
    statements.state = ActivityState.CLOSED
    statements.save()
    assert joined.post(vote, {"value": "agree"}, **HTMX).status_code == 400
    assert not StatementVote.objects.exists()


def test_statements_vote_is_lean(joined, workshop, statements, django_assert_max_num_queries):
    first = Statement.objects.order_by("number")[0]
    with django_assert_max_num_queries(8):
        joined.post(url("statement_vote", workshop, statement_id=first.public_id), {"value": "pass"})


def test_statements_add_own(joined, workshop, statements):
    add = url("statement_add", workshop, statements_activity_id=statements.public_id)
    data = {"text": "Residents should <b>sit</b> on panels", "client_key": str(uuid.uuid4())}
    response = joined.post(add, data, **HTMX)
    assert "Your statement has been added" in response.text
    joined.post(add, data, **HTMX)
    assert Statement.objects.filter(text="Residents should sit on panels", number=3).count() == 1


# --- pairwise ---


@pytest.fixture
def pairwise(workshop):
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE)
    PairwiseOption.objects.create(activity=activity, text="Shared referral form", order=1)
    PairwiseOption.objects.create(activity=activity, text="One front door", order=2)
    PairwiseOption.objects.create(activity=activity, text="Joint training", order=3)
    return activity


def test_pairwise_vote_and_cannot_decide(joined, workshop, pairwise):
    page = joined.get(url("take_part", workshop))
    assert "I can't decide" in page.text
    served = PairwiseServed.objects.get(open=True)
    first, second = served.first, served.second
    data = {"pair": served.public_id, "winner": first.public_id, "client_key": str(uuid.uuid4())}
    vote = url("pairwise_vote", workshop, pairwise_activity_id=pairwise.public_id)
    assert joined.post(vote, data).status_code == 302
    assert joined.post(vote, data, **HTMX).status_code == 200
    assert PairwiseVote.objects.count() == 1
    skipped = joined.get(url("take_part_partial", workshop), {"not": f"{first.public_id},{second.public_id}"})
    assert skipped.status_code == 200
    assert PairwiseVote.objects.count() == 1


def test_revealed_pairwise_shows_the_scores_of_the_results_page(
    joined, workshop, pairwise, person, django_capture_on_commit_callbacks
):
    # given choices that favour the shared referral form, and the results revealed (and stored)
    form, door, training = pairwise.options.order_by("order")
    for winner, loser in [(form, door), (form, training), (form, door), (door, training)]:
        PairwiseVote.objects.create(activity=pairwise, participant=person, winner=winner, loser=loser)
    with django_capture_on_commit_callbacks(execute=True):
        activity_close(activity=pairwise, by=UserFactory())
        activity_reveal(activity=pairwise, by=UserFactory())

    # then the phone lists the options by score, out of 100, with their range
    page = joined.get(url("take_part", workshop)).text
    assert "chance, out of 100" in page
    assert page.index("Shared referral form") < page.index("One front door") < page.index("Joint training")
    assert re.search(r"Shared referral form</td><td[^>]*>\d+<br><span[^>]*>\d+ to \d+</span>", page)


def test_pairwise_options_of_another_activity_refused(joined, workshop, pairwise):
    joined.get(url("take_part", workshop))
    served = PairwiseServed.objects.get(open=True)
    other = PairwiseOption.objects.create(activity=ActivityFactory(kind=ActivityKind.PAIRWISE), text="Other")
    data = {"pair": served.public_id, "winner": other.public_id, "client_key": str(uuid.uuid4())}
    response = joined.post(
        url("pairwise_vote", workshop, pairwise_activity_id=pairwise.public_id), data, **HTMX
    )
    assert response.status_code == 400
    assert not PairwiseVote.objects.exists()


def test_answers_without_the_cookie_go_to_the_join_form(client, workshop, board):
    data = {"column": "Cultural", "text": "Hello", "client_key": str(uuid.uuid4())}
    response = client.post(url("card_add", workshop, activity_id=board.public_id), data)
    assert response["Location"] == url("join_workshop", workshop)
    assert not Card.objects.exists()


def test_idea_board_with_one_column_asks_no_column(joined, workshop):
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    assert "Which kind of idea is it?" not in joined.get(url("take_part", workshop)).text
    data = {"column": "Ideas", "text": "Pool budgets", "client_key": str(uuid.uuid4())}
    assert joined.post(url("card_add", workshop, activity_id=board.public_id), data).status_code == 302
    assert Card.objects.get().column == "Ideas"


def test_dot_vote_by_htmx_answers_the_fragment(joined, workshop, dots):
    add = url("dot_add", workshop, vote_activity_id=dots.public_id)
    response = joined.post(add, {"card": Card.objects.get().public_id, "client_key": uuid.uuid4()}, **HTMX)
    assert response.status_code == 200
    assert "1</strong> of 2 dots left" in response.text
    assert "<html" not in response.text


def test_statements_add_own_without_javascript(joined, workshop, statements):
    add = url("statement_add", workshop, statements_activity_id=statements.public_id)
    response = joined.post(add, {"text": "Share venues", "client_key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert "Your statement has been added" in joined.get(response["Location"]).text
    empty = joined.post(add, {"text": "", "client_key": str(uuid.uuid4())})
    assert empty.status_code == 400
    assert "Write your statement before adding it" in empty.text


@pytest.mark.parametrize("kind", list(ActivityKind))
@pytest.mark.parametrize(
    "state, says",
    [
        (ActivityState.OPEN, ""),
        (ActivityState.CLOSED, "This activity is closed"),
        (ActivityState.REVEALED, "The facilitator is showing the results"),
    ],
)
def test_every_kind_renders_in_every_state(joined, workshop, person, kind, state, says):
    activity = ActivityFactory(workshop=workshop, kind=kind, state=state, revealed_at=timezone.now())
    CardFactory(activity=activity, participant=person)
    StatementFactory(activity=activity, number=1)
    PairwiseOption.objects.create(activity=activity, text="Shared referral form")
    PairwiseOption.objects.create(activity=activity, text="One front door")
    for response in (
        joined.get(url("take_part", workshop)),
        joined.get(url("take_part_partial", workshop), **HTMX),
    ):
        assert response.status_code == 200
        assert activity.title in response.text
        assert says in response.text


def test_a_phone_in_touch_counts_as_active_for_the_facilitator(joined, workshop, person):
    # given a person who joined, and another whose phone was last in touch long ago
    Participant.objects.filter(pk=person.pk).update(last_seen_at=None)
    gone = ParticipantFactory(workshop=workshop, number=2, last_seen_at=timezone.now() - timedelta(hours=1))
    ParticipantFactory(workshop=workshop, number=3, on_paper=True)

    # when the first opens the take-part page, then they are seen now; the other is not
    joined.get(url("take_part", workshop))
    person.refresh_from_db()
    assert person.last_seen_at is not None
    assert participants_active(workshop=workshop) == 1
    gone.refresh_from_db()
    assert timezone.now() - gone.last_seen_at > timedelta(minutes=59)


def test_a_vote_posted_as_a_form_answers_with_the_next_statement_only(joined, workshop, statements):
    # given a third statement: the page holds all three for a phone voting over its socket
    StatementFactory(activity=statements, number=3, text="Open libraries on Sundays")
    first = Statement.objects.order_by("number")[0]
    assert len(_statements_on_page(joined.get(url("take_part", workshop)).text)) == 3

    # when a vote comes as a form post (no socket), then the answer holds just the next statement
    vote = url("statement_vote", workshop, statement_id=first.public_id)
    response = joined.post(vote, {"value": "agree"}, **HTMX)
    assert _statements_on_page(response.text) == [("Councils should share data", True)]
