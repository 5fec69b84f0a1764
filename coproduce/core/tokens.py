"""Signed tokens that name a row by its public id, for links sent to people who have no account.

A token carries no time of its own: the row it names holds whatever decides whether the link still works
(an expiry date, a revocation, a closed round). So the same row always gives the same token, and a link
shown twice, or rebuilt by the page it leads to, is the same link.

Links sent before tokens were made this way carry a timestamp (`django.core.signing.dumps`); they are
still read, so nothing already emailed stops working.
"""

import binascii
import uuid

from django.core import signing


def public_id_token(public_id: uuid.UUID, *, salt: str) -> str:
    """The token for a row's public id; the salt names what kind of link it is."""
    return signing.Signer(salt=salt).sign_object(str(public_id))


def public_id_from_token(token: str, *, salt: str, max_age: int | None = None) -> uuid.UUID | None:
    """The public id a token names, or None when the token was not issued here with this salt.

    With `max_age` (seconds), only a token issued with a timestamp that recent is accepted.
    """
    if max_age is None and (public_id := _as_uuid(_unsign(token, salt=salt))) is not None:
        return public_id
    try:  # a token issued with a timestamp
        return _as_uuid(signing.loads(token, salt=salt, max_age=max_age))
    except (signing.BadSignature, ValueError, binascii.Error):
        return None


def timed_public_id_token(public_id: uuid.UUID, *, salt: str) -> str:
    """A token that carries the time it was made, for links read with a `max_age`."""
    return signing.dumps(str(public_id), salt=salt)


def _unsign(token: str, *, salt: str) -> object:
    try:
        return signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError, binascii.Error):
        return None


def _as_uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None
