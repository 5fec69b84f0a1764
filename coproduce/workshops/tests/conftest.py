"""Fixtures of the workshops' tests: a live workshop, one participant, a phone that joined, and the live
messages sent.

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


@pytest.fixture
def sent(monkeypatch):
    """The live messages broadcast() sends once the test's transaction would commit."""
    messages: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        "coproduce.workshops.broadcast._send", lambda group, message: messages.append((group, message))
    )
    return messages
