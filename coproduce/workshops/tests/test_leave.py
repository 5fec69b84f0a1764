"""Leaving a workshop from one's phone (services.participation.participant_leave, views/leave.py): what they
contributed stays, the phone is forgotten, and it can join again as someone new."""

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.workshops.identity import (
    DEVICE_COOKIE,
    device_id_new,
    device_key,
    participant_cookie_name,
    participant_token,
)
from coproduce.workshops.models import ActivityKind, Card, Participant, WorkshopStatus
from coproduce.workshops.services.participation import PARTICIPANT_REMOVED, participant_leave

from .factories import ActivityFactory, CardFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _leave(workshop) -> str:
    return reverse("workshops_public:participant_leave", kwargs={"join_code": workshop.join_code})


def _take_part(workshop) -> str:
    return reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code})


def test_participant_leave_keeps_contributions_forgets_the_phone_and_is_audited(
    workshop, person, sent, django_capture_on_commit_callbacks
):
    # given a participant who joined from a phone and added an idea
    person.device_key = "a" * 64
    person.save()
    card = CardFactory(
        activity=ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD), participant=person
    )

    # when they leave
    with django_capture_on_commit_callbacks(execute=True):
        assert participant_leave(participant=person) is True

    # then their idea stays theirs, the phone's link is gone, and it is audited by number only
    person.refresh_from_db()
    assert person.left_at is not None and person.device_key == ""
    assert Card.objects.get().participant == person == card.participant
    event = AuditEvent.objects.get(action="workshops.participant.left")
    assert event.object_repr == event.actor_label == f"Participant {person.number}"
    assert event.actor is None and event.changes == {"workshop": str(workshop.public_id)}

    # and their phone's open sockets are told to close, after the commit
    assert [(m["event"], m["participant"]) for _g, m in sent] == [
        (PARTICIPANT_REMOVED, str(person.public_id))
    ]

    # and leaving again changes nothing
    assert participant_leave(participant=person) is False
    assert AuditEvent.objects.filter(action="workshops.participant.left").count() == 1


def test_leave_page_changes_nothing(joined, workshop, person):
    # when the phone opens the page
    response = joined.get(_leave(workshop))

    # then it says what leaving does, and nothing has changed
    assert response.status_code == 200
    assert "Everything you have added stays in the workshop" in response.text.replace(
        "everything", "Everything"
    )
    assert 'id="leave-form"' in response.text and "csrfmiddlewaretoken" in response.text
    assert participant_cookie_name(workshop=workshop) not in response.cookies
    person.refresh_from_db()
    assert person.left_at is None
    assert not AuditEvent.objects.filter(action="workshops.participant.left").exists()
    assert joined.get(_take_part(workshop)).status_code == 200


def test_leaving_takes_the_cookie_off_and_lands_on_the_join_page(joined, workshop, person):
    # when the phone leaves
    response = joined.post(_leave(workshop), follow=True)

    # then it went by the take-part page (whose answer makes the phone forget its copy) to the join page,
    # which says it left and offers to join again
    assert [url for url, _status in response.redirect_chain] == [
        _take_part(workshop),
        reverse("workshops_public:join_workshop", kwargs={"join_code": workshop.join_code}),
    ]
    assert "You have left the workshop. Everything you added is kept." in response.text
    assert "Join the workshop" in response.text
    assert joined.cookies[participant_cookie_name(workshop=workshop)].value == ""
    person.refresh_from_db()
    assert person.left_at is not None


def test_a_cookie_of_someone_who_left_no_longer_counts(client, workshop, person):
    # given a phone that still holds the cookie of someone who has left (the answer that took it off lost)
    participant_leave(participant=person)
    client.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=person)

    # then it is not them any more: sent to join, and refused an answer
    response = client.get(_take_part(workshop))
    assert response.status_code == 302 and response.url.endswith(f"/w/{workshop.join_code}/")
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD)
    add = reverse(
        "workshops_public:card_add", kwargs={"join_code": workshop.join_code, "activity_id": board.public_id}
    )
    client.post(add, {"text": "In their name", "column": ""})
    assert not Card.objects.exists()
    assert client.get(_leave(workshop)).status_code == 302


def test_another_phones_participant_is_untouched(joined, workshop, person):
    # given a second phone in the same workshop
    other = ParticipantFactory(workshop=workshop)
    second_phone = Client()
    second_phone.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=other)

    # when the first phone leaves
    joined.post(_leave(workshop))

    # then the second is still in it, its cookie as it was
    response = second_phone.get(_take_part(workshop))
    assert response.status_code == 200 and response.context["participant"] == other
    assert participant_cookie_name(workshop=workshop) not in response.cookies
    other.refresh_from_db()
    assert other.left_at is None


def test_joining_again_from_the_phone_after_leaving_is_someone_new(client, workshop):
    # given a phone that joined, then left
    join = reverse("workshops_public:join_workshop", kwargs={"join_code": workshop.join_code})
    client.cookies[DEVICE_COOKIE] = device = device_id_new()
    client.post(join, {"sector": "prefer_not"})
    first = Participant.objects.get()
    assert first.device_key == device_key(workshop=workshop, device=device)
    client.post(_leave(workshop))

    # when someone joins from it again
    response = client.post(join, {"sector": "prefer_not"})

    # then they are a new participant, and the one who left keeps their number
    assert response.status_code == 302
    second = Participant.objects.exclude(pk=first.pk).get()
    assert second.number == first.number + 1
    assert client.get(_take_part(workshop)).context["participant"] == second


@pytest.mark.parametrize("status", [WorkshopStatus.ENDED, WorkshopStatus.PLANNED])
def test_leaving_a_workshop_not_running_changes_nothing(joined, workshop, person, status):
    workshop.status = status
    workshop.save()
    response = joined.post(_leave(workshop))
    assert response.status_code == 302 and response.url == _take_part(workshop)
    person.refresh_from_db()
    assert person.left_at is None
