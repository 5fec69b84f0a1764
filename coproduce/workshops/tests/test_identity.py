"""A participant's cookie: one reading of its token, the same answer whichever way the phone is known."""

from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.test import RequestFactory
from django.utils import timezone

from coproduce.core.tokens import public_id_token
from coproduce.workshops import identity
from coproduce.workshops.identity import (
    SALT,
    participant_cookie_name,
    participant_from_cookies,
    participant_public_id,
    participant_token,
)
from coproduce.workshops.selectors.live import participant_for_people
from coproduce.workshops.views.join import participant_current

from .factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _tokens(person) -> dict[str, str]:
    valid = participant_token(participant=person)
    two_days_ago = timezone.now() - timedelta(days=2, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=two_days_ago.timestamp()):
        old = signing.dumps(str(person.public_id), salt=SALT)
    return {
        "valid": valid,
        "altered": valid[:-2] + ("aa" if not valid.endswith("aa") else "bb"),
        "older than two days": old,
        "without a time": public_id_token(person.public_id, salt=SALT),
        "for another purpose": signing.dumps(str(person.public_id), salt="coproduce.workshops.device"),
        "empty": "",
    }


def _ways(workshop, cookies: dict[str, str]) -> list[Callable[[], object]]:
    """Each way of knowing a phone: a participant page by the join code, the socket, the join page."""
    request = RequestFactory().get("/")
    request.COOKIES = cookies
    return [
        lambda: participant_from_cookies(join_code=workshop.join_code, cookies=cookies),
        lambda: participant_for_people(workshop_id=workshop.public_id, cookies=cookies),
        lambda: participant_current(request, workshop),
    ]


@pytest.mark.parametrize(
    ("kind", "known"),
    [
        ("valid", True),
        ("altered", False),
        ("older than two days", False),
        ("without a time", False),
        ("for another purpose", False),
        ("empty", False),
    ],
)
def test_every_way_of_knowing_a_phone_reads_its_cookie_alike(kind, known):
    # given a participant and a cookie of one kind named for their workshop
    person = ParticipantFactory(workshop=WorkshopFactory())
    token = _tokens(person)[kind]
    cookies = {participant_cookie_name(workshop=person.workshop): token}

    # when each way reads it, then all agree, and agree with the one decoder
    found = [way() for way in _ways(person.workshop, cookies)]
    assert found == [person if known else None] * 3
    assert (participant_public_id(token) == person.public_id) is known


def test_each_way_of_knowing_a_phone_reads_the_token_through_the_one_decoder():
    person = ParticipantFactory(workshop=WorkshopFactory())
    cookies = {participant_cookie_name(workshop=person.workshop): participant_token(participant=person)}
    for number, way in enumerate(_ways(person.workshop, cookies)):
        with mock.patch.object(identity, "participant_public_id", wraps=participant_public_id) as decode:
            assert way() == person
        assert decode.called, f"way {number} read the token itself"
