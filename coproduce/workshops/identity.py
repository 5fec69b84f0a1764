"""A participant's identity on their own device: a signed cookie holding their public id.

Nothing else identifies them, so no account is needed; the same cookie brings them back to the same identity
after losing signal or closing the browser. The cookie is per workshop and lasts two days.
"""

import uuid

from django.core import signing

from .models import Invitation, Participant, Workshop
from .selectors.core import participant_get

SALT = "coproduce.workshops.participant"
MAX_AGE_SECONDS = 2 * 24 * 60 * 60


def participant_cookie_name(*, workshop: Workshop) -> str:
    return f"wp_{workshop.public_id.hex[:16]}"


def participant_token(*, participant: Participant) -> str:
    return signing.dumps(str(participant.public_id), salt=SALT)


def participant_from_token(*, workshop: Workshop, token: str | None) -> Participant | None:
    """The participant a cookie names, or None when it is missing, altered, old or for another workshop."""
    if not token:
        return None
    try:
        public_id = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return participant_get(workshop=workshop, public_id=str(public_id))


INVITATION_SALT = "coproduce.workshops.invitation"


def invitation_token(*, invitation: Invitation) -> str:
    """The token of an invitation's personal reply link."""
    return signing.dumps(str(invitation.public_id), salt=INVITATION_SALT)


def invitation_from_token(*, token: str) -> Invitation | None:
    """The invitation a reply link names, or None when the token was altered or mistyped."""
    try:
        public_id = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Invitation.objects.select_related("workshop__project", "stakeholder").filter(public_id=key).first()
