"""Fixtures of the participant pages' tests: a live workshop, one participant, and a phone that joined.

A test module that defines a fixture of the same name uses its own.
"""

import pytest

from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import WorkshopStatus

from .factories import ParticipantFactory, WorkshopFactory


@pytest.fixture
def workshop():
    return WorkshopFactory(status=WorkshopStatus.LIVE)


@pytest.fixture
def person(workshop):
    return ParticipantFactory(workshop=workshop, number=1)


@pytest.fixture
def joined(client, workshop, person):
    """A client holding `person`'s cookie."""
    client.cookies[participant_cookie_name(workshop=workshop)] = participant_token(participant=person)
    return client
