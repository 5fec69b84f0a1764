"""Tests of the per-participant write limit."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from coproduce.workshops import ratelimit
from coproduce.workshops.models import Card
from coproduce.workshops.ratelimit import RateLimited, rate_limit_hit
from coproduce.workshops.services.contributions import card_add

from .factories import ActivityFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """A settable time.time() for the rate limit module."""
    now = [1_000_000.0]
    monkeypatch.setattr("coproduce.workshops.ratelimit.time.time", lambda: now[0])
    return now


def test_rate_limit_trips_after_the_limit_and_resets_next_window(settings, clock):
    settings.WORKSHOP_RATE_LIMIT = 3
    person = ParticipantFactory()
    for _ in range(3):
        rate_limit_hit(participant=person)
    with pytest.raises(RateLimited, match="too quickly"):
        rate_limit_hit(participant=person)
    clock[0] += ratelimit.WINDOW_SECONDS
    rate_limit_hit(participant=person)


def test_rate_limit_is_per_participant(settings, clock):
    settings.WORKSHOP_RATE_LIMIT = 1
    first, second = ParticipantFactory(), ParticipantFactory()
    rate_limit_hit(participant=first)
    rate_limit_hit(participant=second)
    with pytest.raises(RateLimited):
        rate_limit_hit(participant=first)


def test_rate_limit_spares_paper_participants(settings, clock):
    settings.WORKSHOP_RATE_LIMIT = 1
    person = ParticipantFactory(on_paper=True)
    for _ in range(5):
        rate_limit_hit(participant=person)


def test_rate_limited_is_a_validation_error_and_stores_nothing(settings, clock):
    settings.WORKSHOP_RATE_LIMIT = 2
    board = ActivityFactory()
    person = ParticipantFactory(workshop=board.workshop)
    card_add(activity=board, participant=person, column="Cultural", text="One")
    card_add(activity=board, participant=person, column="Cultural", text="Two")
    with pytest.raises(ValidationError):
        card_add(activity=board, participant=person, column="Cultural", text="Three")
    assert Card.objects.count() == 2
