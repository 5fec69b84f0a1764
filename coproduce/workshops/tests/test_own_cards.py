"""A participant changes or takes back their own card while the idea board is open, and no one else's."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.accounts.tests.factories import UserFactory
from coproduce.core.models import AuditEvent
from coproduce.core.versions import record_version
from coproduce.workshops.models import ActivityKind, ActivityState, Card, WorkshopStatus
from coproduce.workshops.services.moderation import card_edit
from coproduce.workshops.services.own_cards import card_edit_own, card_withdraw

from .factories import ActivityFactory, CardFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(workshop):
    return ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])


@pytest.fixture
def mine(board, person):
    return CardFactory(activity=board, participant=person, column="Ideas", text="Meet monthly")


@pytest.fixture
def theirs(board, workshop):
    other = ParticipantFactory(workshop=workshop, number=2)
    return CardFactory(activity=board, participant=other, column="Ideas", text="Share one form")


def _url(name, workshop, card):
    return reverse(
        f"workshops_public:{name}", kwargs={"join_code": workshop.join_code, "card_id": card.public_id}
    )


def test_card_edit_own_changes_the_words_with_an_audit_row(mine, person):
    card_edit_own(card=mine, participant=person, text="Meet every <b>month</b> 🗓️")
    mine.refresh_from_db()
    assert mine.text == "Meet every month 🗓️"
    event = AuditEvent.objects.get(action="workshops.card.changed_by_author")
    assert event.actor_label == "Participant 1"
    assert "Meet" not in str(event.changes) + event.object_repr  # the words are not in the audit trail


def test_card_withdraw_removes_only_that_card_with_an_audit_row(mine, theirs, person):
    card_withdraw(card=mine, participant=person)
    assert list(Card.objects.values_list("text", flat=True)) == ["Share one form"]
    assert AuditEvent.objects.filter(action="workshops.card.withdrawn").count() == 1


@pytest.mark.parametrize("change", [card_withdraw, card_edit_own])
def test_another_participants_card_is_refused(change, theirs, person):
    extra = {"text": "Mine now"} if change is card_edit_own else {}
    with pytest.raises(PermissionDenied):
        change(card=theirs, participant=person, **extra)
    theirs.refresh_from_db()
    assert theirs.text == "Share one form"
    assert not AuditEvent.objects.filter(action__startswith="workshops.card.").exists()


@pytest.mark.parametrize("state", [ActivityState.CLOSED, ActivityState.REVEALED])
@pytest.mark.parametrize("change", [card_withdraw, card_edit_own])
def test_nothing_changes_after_the_board_closes(change, state, mine, board, person):
    board.state = state
    board.save()
    extra = {"text": "Too late"} if change is card_edit_own else {}
    with pytest.raises(ValidationError, match="not open"):
        change(card=mine, participant=person, **extra)
    assert Card.objects.get().text == "Meet monthly"


def test_nothing_changes_once_the_workshop_ended(mine, workshop, person):
    workshop.status = WorkshopStatus.ENDED
    workshop.save()
    with pytest.raises(ValidationError):
        card_withdraw(card=mine, participant=person)
    assert Card.objects.count() == 1


def test_empty_words_are_refused(mine, person):
    with pytest.raises(ValidationError, match="Write your idea"):
        card_edit_own(card=mine, participant=person, text=" <i></i> ")
    assert Card.objects.get().text == "Meet monthly"


def test_the_phone_changes_its_card_and_is_refused_anothers(joined, workshop, mine, theirs):
    page = joined.get(reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code}))
    assert _url("card_change", workshop, mine) in page.text
    assert _url("card_change", workshop, theirs) not in page.text

    response = joined.post(_url("card_change", workshop, mine), {"text": "Meet each fortnight"})
    assert response.status_code == 302
    assert joined.post(_url("card_change", workshop, theirs), {"text": "Mine now"}).status_code == 403
    assert joined.post(_url("card_take_back", workshop, theirs)).status_code == 403
    assert joined.post(_url("card_take_back", workshop, mine)).status_code == 302
    assert list(Card.objects.values_list("text", flat=True)) == ["Share one form"]


def test_the_page_for_changing_anothers_card_is_refused_and_shows_nothing_of_it(
    joined, workshop, mine, theirs
):
    # a phone that knows the address of someone else's card (its id shows on the board, on dots) opens it
    response = joined.get(_url("card_change", workshop, theirs))

    # then it is refused, without their words, so that no page for their card is ever shown or kept
    assert response.status_code == 403
    assert "Share one form" not in response.text
    assert "Offline-Copy" not in response
    assert joined.get(_url("card_change", workshop, mine)).status_code == 200


def test_without_the_cookie_nothing_changes(client, workshop, mine):
    response = client.post(_url("card_take_back", workshop, mine))
    assert response.status_code == 302  # to the join page
    assert Card.objects.count() == 1


@pytest.mark.parametrize("change", [card_withdraw, card_edit_own])
def test_the_screens_hear_of_the_change(
    change, mine, person, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        "coproduce.workshops.broadcast._send", lambda group, message: sent.append((group, message))
    )
    extra = {"text": "Meet each fortnight"} if change is card_edit_own else {}
    activity = mine.activity
    with django_capture_on_commit_callbacks(execute=True):
        change(card=mine, participant=person, **extra)
    assert sent == [
        (
            f"workshop.{activity.workshop.public_id}.screens",
            {"event": "card.changed", "activity": str(activity.public_id)},
        )
    ]


def test_a_facilitators_correction_since_the_form_opened_is_not_overwritten(joined, workshop, mine):
    # given the change form opened on the card as it was
    form = joined.get(_url("card_change", workshop, mine))
    opened = form.context["form"].initial["version"]
    # when the facilitator corrects the card meanwhile, then the participant saves their words
    card_edit(card=mine, by=UserFactory(), text="A correction", version=record_version(mine))
    answer = joined.post(_url("card_change", workshop, mine), {"text": "My new words", "version": opened})
    # then nothing is saved, the participant is told, and their words are still in the form to save again
    assert answer.status_code == 400
    assert Card.objects.get(pk=mine.pk).text == "A correction"
    assert "changed by someone else" in answer.text and "My new words" in answer.text
    again = answer.context["form"].initial["version"]
    assert (
        joined.post(
            _url("card_change", workshop, mine), {"text": "My new words", "version": again}
        ).status_code
        == 302
    )
    assert Card.objects.get(pk=mine.pk).text == "My new words"
