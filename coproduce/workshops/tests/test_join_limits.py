"""Joining is limited per device and per network address, and a device joining again gets its participant
back (joinlimit.py, views/join.py)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.workshops.identity import DEVICE_COOKIE, device_id_new, device_key, participant_cookie_name
from coproduce.workshops.joinlimit import join_limit_hit
from coproduce.workshops.models import Participant, WorkshopStatus

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db

JOIN = {"display_name": "", "sector": "vcfse"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def workshop():
    return WorkshopFactory(status=WorkshopStatus.LIVE)


def _join_url(workshop):
    return reverse("workshops_public:join_workshop", kwargs={"join_code": workshop.join_code})


def test_60_joins_from_one_device_are_limited_and_make_one_participant(client, workshop):
    # given a script that keeps the browser's device cookie but throws away the participant cookie
    statuses = []
    for _ in range(60):
        client.cookies.pop(participant_cookie_name(workshop=workshop), None)
        statuses.append(client.post(_join_url(workshop), JOIN).status_code)

    # then the first five attempts give back one participant and the rest are refused with a 429 page
    assert statuses == [302] * 5 + [429] * 55
    assert Participant.objects.count() == 1
    page = client.post(_join_url(workshop), JOIN)
    assert "tried to join this workshop too many times" in page.text
    assert "nothing has been saved" in page.text


def test_joins_without_cookies_are_limited_per_address(workshop, settings):
    # given a lower limit per address, and a script that sends no cookies at all
    settings.WORKSHOP_JOIN_ADDRESS_LIMIT = 20
    statuses = [Client().post(_join_url(workshop), JOIN).status_code for _ in range(60)]

    # then only the first 20 make a participant; the rest change nothing
    assert statuses == [302] * 20 + [429] * 40
    assert Participant.objects.count() == 20
    assert AuditEvent.objects.filter(action="workshops.participant.joined").count() == 20


def test_another_address_is_not_held_back_by_a_busy_one(workshop, settings):
    settings.WORKSHOP_JOIN_ADDRESS_LIMIT = 2
    for _ in range(3):
        Client(REMOTE_ADDR="203.0.113.7").post(_join_url(workshop), JOIN)
    assert Client(REMOTE_ADDR="198.51.100.4").post(_join_url(workshop), JOIN).status_code == 302
    assert Participant.objects.count() == 3


def test_forwarded_for_header_does_not_change_the_address_counted(workshop, settings):
    # X-Forwarded-For is read by uvicorn from a trusted proxy only; a client sending it gains nothing
    settings.WORKSHOP_JOIN_ADDRESS_LIMIT = 2
    statuses = [
        Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(_join_url(workshop), JOIN).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_joining_again_from_the_same_device_gives_the_same_participant(client, workshop):
    # given someone who joined, then lost their participant cookie (but not the browser's device cookie)
    client.post(_join_url(workshop), JOIN)
    first = Participant.objects.get()
    client.cookies.pop(participant_cookie_name(workshop=workshop))

    # when they join again, then they are the same participant, with their cookie back
    response = client.post(_join_url(workshop), {"display_name": "Sam", "sector": "funder"})
    assert response.status_code == 302
    assert Participant.objects.get() == first
    assert participant_cookie_name(workshop=workshop) in response.cookies


def test_the_join_page_gives_the_browser_a_device_cookie(client, workshop):
    response = client.get(_join_url(workshop))
    cookie = response.cookies[DEVICE_COOKIE]
    assert len(cookie.value) == 32
    assert cookie["httponly"]


def test_default_limits_let_a_hall_of_300_join_from_one_address(workshop):
    # 300 phones on one venue network, each its own device, all join within the window
    for _ in range(300):
        key = device_key(workshop=workshop, device=device_id_new())
        join_limit_hit(workshop=workshop, device_key=key, address="203.0.113.10")
