"""Links sent to people without an account name their row the same way whatever the clock says.

A page that rebuilds its own link (a redirect to the "done" page, a link shown again to the team) gives the
same address a second later; whether the link still works is decided by the row (expiry, revocation, a
closed round), never by when the token was made.
"""

import uuid
from types import SimpleNamespace
from unittest import mock

import pytest

from coproduce.analysis.selectors.ranking import ranking_resolve, ranking_token
from coproduce.consent.selectors import personal_link_resolve, personal_link_token
from coproduce.projects.models import Invitation
from coproduce.recommendations.selectors.endorsement import endorsement_resolve, endorsement_token
from coproduce.workshops.identity import invitation_from_token, invitation_token


def _invitation_token(row):
    return Invitation.token.fget(row)  # type: ignore[attr-defined]


TOKENS = {
    "personal link": lambda row: personal_link_token(link=row),
    "endorsement": lambda row: endorsement_token(invite=row),
    "ranking": lambda row: ranking_token(invite=row),
    "team invitation": _invitation_token,
    "workshop invitation": lambda row: invitation_token(invitation=row),
}


@pytest.mark.parametrize("kind", TOKENS)
def test_a_link_token_is_the_same_a_few_seconds_later(kind):
    row = SimpleNamespace(public_id=uuid.uuid4())

    # given the clock moves on between the two moments the link is built
    with mock.patch("django.core.signing.time.time", side_effect=[1_800_000_000, 1_800_000_005]):
        first, later = TOKENS[kind](row), TOKENS[kind](row)

    assert first == later


RESOLVERS = {
    "personal link": lambda t: personal_link_resolve(token=t).state.value,
    "endorsement": lambda t: endorsement_resolve(token=t)[0].value,
    "ranking": lambda t: ranking_resolve(token=t)[0].value,
    "workshop invitation": lambda t: "tampered" if invitation_from_token(token=t) is None else "valid",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "other"), [(k, o) for k in RESOLVERS for o in TOKENS if k != o])
def test_a_token_made_for_another_kind_of_link_is_refused(kind, other):
    token = TOKENS[other](SimpleNamespace(public_id=uuid.uuid4()))

    assert RESOLVERS[kind](token) == "tampered"
