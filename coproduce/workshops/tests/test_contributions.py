"""Tests of what participants send: cards, dots, statements, statement votes and pairwise choices."""

import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coproduce.core.models import AuditEvent
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Card,
    Cluster,
    DotVote,
    PairwiseOption,
    Statement,
    StatementVote,
    VoteTarget,
    WorkshopStatus,
)
from coproduce.workshops.services.contributions import (
    card_add,
    dot_add,
    dot_remove,
    statement_add,
    statement_vote,
)

from .factories import ActivityFactory, CardFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def board():
    return ActivityFactory(kind=ActivityKind.IDEA_BOARD)


@pytest.fixture
def person(board):
    return ParticipantFactory(workshop=board.workshop)


@pytest.fixture
def dots(board):
    """A dot vote over `board`, with two visible cards on it."""
    CardFactory.create_batch(2, activity=board)
    return ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=3)


@pytest.fixture
def pairwise(board):
    activity = ActivityFactory(workshop=board.workshop, kind=ActivityKind.PAIRWISE)
    PairwiseOption.objects.create(activity=activity, text="Shared referral form", order=1)
    PairwiseOption.objects.create(activity=activity, text="One front door", order=2)
    return activity


def test_card_add_repeated_client_key_stores_once(board, person):
    key = uuid.uuid4()
    first = card_add(
        activity=board, participant=person, column="Cultural", text="Meet monthly", client_key=key
    )
    again = card_add(
        activity=board, participant=person, column="Cultural", text="Meet monthly", client_key=key
    )
    assert first.pk == again.pk
    assert Card.objects.count() == 1
    assert AuditEvent.objects.filter(action="workshops.card.added").count() == 1


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("<script>alert(1)</script>Share data", "alert(1)Share data"),
        ('<img src=x onerror="alert(1)">Pool budgets', "Pool budgets"),
    ],
)
def test_card_add_stores_markup_as_plain_text(board, person, typed, stored):
    card = card_add(activity=board, participant=person, column="Cultural", text=typed)
    assert card.text == stored
    assert "<" not in card.text


@pytest.mark.parametrize("text", ["", "   ", "<b></b>"])
def test_card_add_refuses_empty_text(board, person, text):
    with pytest.raises(ValidationError, match="Write your idea"):
        card_add(activity=board, participant=person, column="Cultural", text=text)


def test_card_add_refuses_unknown_column_and_cuts_to_max_length(board, person):
    with pytest.raises(ValidationError, match="columns"):
        card_add(activity=board, participant=person, column="Elsewhere", text="An idea")
    board.max_length = 20
    card = card_add(activity=board, participant=person, column="Tactical", text="x" * 50)
    assert len(card.text) == 20


def test_card_add_audit_never_holds_the_name_or_text(board):
    person = ParticipantFactory(workshop=board.workshop, display_name="Amira Okafor", number=7)
    card_add(activity=board, participant=person, column="Cultural", text="A private thought")
    event = AuditEvent.objects.get(action="workshops.card.added")
    assert event.actor_label == "Participant 7"
    assert "Amira" not in str(event.__dict__)
    assert "private" not in str(event.__dict__)


@pytest.mark.parametrize("state", [ActivityState.DRAFT, ActivityState.CLOSED, ActivityState.REVEALED])
def test_card_add_refused_unless_open(board, person, state):
    board.state = state
    board.save()
    with pytest.raises(ValidationError, match="not open"):
        card_add(activity=board, participant=person, column="Cultural", text="Too late")
    assert not Card.objects.exists()


def test_card_add_refused_when_workshop_ended(board, person):
    board.workshop.status = WorkshopStatus.ENDED
    board.workshop.save()
    with pytest.raises(ValidationError, match="not running"):
        card_add(activity=board, participant=person, column="Cultural", text="Too late")


def test_card_add_refused_for_participant_of_another_workshop(board):
    stranger = ParticipantFactory()
    with pytest.raises(ValidationError, match="not joined"):
        card_add(activity=board, participant=stranger, column="Cultural", text="Hello")


def test_dot_add_takes_lowest_free_slot_and_refuses_beyond_allowance(dots, person):
    card = Card.objects.filter(activity=dots.source).first()
    slots = [dot_add(activity=dots, participant=person, card=card).slot for _ in range(3)]
    assert slots == [1, 2, 3]
    with pytest.raises(ValidationError, match="You have used all your 3 dots"):
        dot_add(activity=dots, participant=person, card=card)
    dot_remove(activity=dots, participant=person, card=card)
    assert dot_add(activity=dots, participant=person, card=card).slot == 3
    assert DotVote.objects.count() == 3


def test_dot_add_repeated_client_key_stores_once(dots, person):
    card = Card.objects.filter(activity=dots.source).first()
    key = uuid.uuid4()
    first = dot_add(activity=dots, participant=person, card=card, client_key=key)
    again = dot_add(activity=dots, participant=person, card=card, client_key=key)
    assert first.pk == again.pk
    assert DotVote.objects.count() == 1


def test_dot_remove_repeated_client_key_removes_once(dots, person):
    card = Card.objects.filter(activity=dots.source).first()
    dot_add(activity=dots, participant=person, card=card)
    dot_add(activity=dots, participant=person, card=card)
    key = uuid.uuid4()
    dot_remove(activity=dots, participant=person, card=card, client_key=key)
    dot_remove(activity=dots, participant=person, card=card, client_key=key)
    assert DotVote.objects.count() == 1


def test_dot_add_refuses_hidden_cards_and_cards_of_another_board(dots, person):
    hidden = CardFactory(activity=dots.source, hidden=True)
    with pytest.raises(ValidationError, match="no longer shown"):
        dot_add(activity=dots, participant=person, card=hidden)
    elsewhere = CardFactory(activity__workshop=dots.workshop)
    with pytest.raises(ValidationError, match="Choose one of the ideas"):
        dot_add(activity=dots, participant=person, card=elsewhere)


def test_dot_add_on_clusters(dots, person):
    dots.vote_on = VoteTarget.CLUSTERS
    dots.save()
    cluster = Cluster.objects.create(activity=dots.source, title="Data sharing")
    card = Card.objects.filter(activity=dots.source).first()
    with pytest.raises(ValidationError, match="groups"):
        dot_add(activity=dots, participant=person, card=card)
    assert dot_add(activity=dots, participant=person, cluster=cluster).cluster == cluster


def test_dot_within_allowance_constraint_refuses_a_slot_beyond(dots, person):
    card = Card.objects.filter(activity=dots.source).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DotVote.objects.create(activity=dots, participant=person, card=card, slot=4, allowance=3)


def test_one_dot_per_slot_constraint(dots, person):
    card = Card.objects.filter(activity=dots.source).first()
    DotVote.objects.create(activity=dots, participant=person, card=card, slot=1, allowance=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        DotVote.objects.create(activity=dots, participant=person, card=card, slot=1, allowance=3)


def test_statement_add_numbers_and_is_idempotent(board):
    activity = ActivityFactory(workshop=board.workshop, kind=ActivityKind.STATEMENTS)
    StatementFactory(activity=activity, number=4)
    person = ParticipantFactory(workshop=board.workshop)
    key = uuid.uuid4()
    first = statement_add(
        activity=activity, participant=person, text="<i>Grants</i> too small", client_key=key
    )
    again = statement_add(activity=activity, participant=person, text="Grants too small", client_key=key)
    assert first.pk == again.pk
    assert (first.number, first.text) == (5, "Grants too small")
    assert Statement.objects.filter(activity=activity).count() == 2


def test_statement_add_refused_when_not_allowed(board, person):
    activity = ActivityFactory(
        workshop=board.workshop, kind=ActivityKind.STATEMENTS, allow_participant_statements=False
    )
    with pytest.raises(ValidationError, match="does not take new statements"):
        statement_add(activity=activity, participant=person, text="Mine")


def test_statement_vote_upserts(board, person):
    statement = StatementFactory(activity__workshop=board.workshop)
    statement_vote(statement=statement, participant=person, value=1)
    statement_vote(statement=statement, participant=person, value=1)
    vote = statement_vote(statement=statement, participant=person, value=-1)
    assert StatementVote.objects.get().value == vote.value == -1


def test_statement_vote_refuses_bad_value_and_closed_activity(board, person):
    statement = StatementFactory(activity__workshop=board.workshop)
    with pytest.raises(ValidationError, match="agree"):
        statement_vote(statement=statement, participant=person, value=2)
    statement.activity.state = ActivityState.CLOSED
    with pytest.raises(ValidationError, match="not open"):
        statement_vote(statement=statement, participant=person, value=1)
    assert not StatementVote.objects.exists()


@pytest.mark.parametrize("add", ["card", "statement"])
def test_an_addition_does_not_read_its_workshop_again_for_the_audit_row(add):
    # Given an activity read with its workshop, as the pages read it, and a participant read alone
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.workshops.models import Activity, Participant, Workshop

    kind = ActivityKind.IDEA_BOARD if add == "card" else ActivityKind.STATEMENTS
    made = ActivityFactory(kind=kind)
    activity = Activity.objects.select_related("workshop").get(pk=made.pk)
    participant = Participant.objects.get(pk=ParticipantFactory(workshop=made.workshop).pk)
    # When they add a card or a statement
    with CaptureQueriesContext(connection) as queries:
        if add == "card":
            card_add(activity=activity, participant=participant, column="Cultural", text="One front door")
        else:
            statement_add(activity=activity, participant=participant, text="One front door")
    # Then the audit row takes the project from the workshop already read: no query reads it again
    table = Workshop._meta.db_table
    assert not [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert AuditEvent.objects.filter(project_id=made.workshop.project_id).count() == 1


def test_statement_vote_is_lean(board, person, django_assert_max_num_queries):
    made = StatementFactory(activity__workshop=board.workshop)
    statement = Statement.objects.select_related("activity__workshop").get(pk=made.pk)
    with django_assert_max_num_queries(4):  # savepoint, upsert, count, release
        statement_vote(statement=statement, participant=person, value=1)
    assert not AuditEvent.objects.exists()


def test_writes_refused_for_the_wrong_kind(board, person):
    with pytest.raises(ValidationError, match="does not take that kind"):
        statement_add(activity=board, participant=person, text="Hello")
