"""Tests of joining a workshop by code: the code form, the join form, the cookie, the QR code."""

import pytest
from django.urls import reverse

from coproduce.workshops.identity import MAX_AGE_SECONDS, participant_cookie_name, participant_token
from coproduce.workshops.models import Participant, WorkshopStatus

pytestmark = pytest.mark.django_db


def url(name, workshop):
    return reverse(f"workshops_public:{name}", kwargs={"join_code": workshop.join_code})


def test_join_code_accepts_lower_case_and_spaces(client, workshop):
    typed = " ".join(workshop.join_code.lower())
    response = client.post(reverse("workshops_public:join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == url("join_workshop", workshop)


@pytest.mark.parametrize(
    "status, message",
    [(None, "There is no workshop with that code"), (WorkshopStatus.ENDED, "has ended")],
)
def test_join_code_wrong_or_ended_shows_error_and_stores_nothing(client, workshop, status, message):
    code = "ZZZZZZ" if status is None else workshop.join_code
    if status is not None:
        workshop.status = status
        workshop.save()
    response = client.post(reverse("workshops_public:join"), {"code": code})
    assert response.status_code == 400
    assert message in response.text
    assert not Participant.objects.exists()


def test_join_sets_the_cookie_and_goes_to_take_part(client, workshop):
    page = client.get(url("join_workshop", workshop))
    assert "Prefer not to say" in page.text
    response = client.post(
        url("join_workshop", workshop), {"display_name": "<b>Sam</b>", "sector": "prefer_not"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("take_part", workshop)
    cookie = response.cookies[participant_cookie_name(workshop=workshop)]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == MAX_AGE_SECONDS
    participant = Participant.objects.get()
    assert (participant.display_name, participant.sector) == ("Sam", "prefer_not")


def test_join_needs_a_sector(client, workshop):
    response = client.post(url("join_workshop", workshop), {"display_name": "Sam"})
    assert response.status_code == 400
    assert "Prefer not to say" in response.text
    assert not Participant.objects.exists()


def test_returning_with_the_cookie_skips_the_join_form(joined, workshop, person):
    response = joined.get(url("join_workshop", workshop))
    assert response["Location"] == url("take_part", workshop)
    assert "You are Participant 1" in joined.get(url("take_part", workshop)).text
    assert Participant.objects.count() == 1


def test_tampered_cookie_shows_the_join_form_again(client, workshop, person):
    client.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=person) + "x"
    assert client.get(url("take_part", workshop))["Location"] == url("join_workshop", workshop)
    assert client.get(url("join_workshop", workshop)).status_code == 200


def test_ended_workshop_thanks_the_participant(joined, workshop):
    workshop.status = WorkshopStatus.ENDED
    workshop.save()
    response = joined.get(url("take_part", workshop))
    assert response.status_code == 410
    assert "Thank you for taking part" in response.text


def test_join_qr_is_an_svg_of_the_join_address(client, workshop):
    response = client.get(url("join_qr", workshop))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]
