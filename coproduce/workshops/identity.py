"""A participant's identity on their own device: a signed cookie holding their public id.

Nothing else identifies them, so no account is needed; the same cookie brings them back to the same identity
after losing signal or closing the browser. The cookie is per workshop and lasts two days.
"""

import re
import secrets
import uuid
from collections.abc import Mapping

from django.utils.crypto import salted_hmac

from coproduce.core.tokens import public_id_from_token, public_id_token, timed_public_id_token

from .models import Invitation, Participant, Workshop
from .selectors.core import participant_get
from .selectors.participation import participants_for_code

SALT = "coproduce.workshops.participant"
MAX_AGE_SECONDS = 2 * 24 * 60 * 60
COOKIE_PREFIX = "wp_"


def participant_cookie_name(*, workshop: Workshop) -> str:
    return f"{COOKIE_PREFIX}{workshop.public_id.hex[:16]}"


def participant_token(*, participant: Participant) -> str:
    return timed_public_id_token(participant.public_id, salt=SALT)


def participant_public_id(token: str | None) -> uuid.UUID | None:
    """The public id a participant cookie's token names, or None when it is missing, altered or older than
    two days: the one reading of the cookie, for every way a participant is known."""
    if not token:
        return None
    return public_id_from_token(token, salt=SALT, max_age=MAX_AGE_SECONDS)


def participant_from_cookie(*, workshop: Workshop, cookies: Mapping[str, str]) -> Participant | None:
    """The participant the cookie named for `workshop` holds, or None when it is missing, altered, old or
    names someone of another workshop."""
    public_id = participant_public_id(cookies.get(participant_cookie_name(workshop=workshop)))
    return None if public_id is None else participant_get(workshop=workshop, public_id=public_id)


def participant_from_cookies(*, join_code: str, cookies: Mapping[str, str]) -> Participant | None:
    """The participant a browser's cookies name in the workshop with `join_code`, read together with the
    workshop in one query; None when none does. The rule of `participant_from_cookie`: the cookie named for
    the participant's own workshop holds a valid token of that participant."""
    named: dict[str, uuid.UUID] = {}
    for name, token in cookies.items():
        if name.startswith(COOKIE_PREFIX) and (public_id := participant_public_id(token)) is not None:
            named[name] = public_id
    if not named:
        return None
    for participant in participants_for_code(join_code=join_code, public_ids=set(named.values())):
        if named.get(participant_cookie_name(workshop=participant.workshop)) == participant.public_id:
            return participant
    return None


DEVICE_COOKIE = "coproduce_device"
DEVICE_SALT = "coproduce.workshops.device"
_DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{32}")


def device_id(*, cookies: Mapping[str, str]) -> str | None:
    """The random id this browser was given when it first opened a join page, or None (a new browser,
    one that refuses cookies, or a value someone made up in the wrong shape)."""
    value = cookies.get(DEVICE_COOKIE, "")
    return value if _DEVICE_ID.fullmatch(value) else None


def device_id_new() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def device_key(*, workshop: Workshop, device: str) -> str:
    """What is stored for a device in one workshop: a keyed hash, different in every workshop, so the
    participants one browser was in different workshops cannot be linked, and the cookie is not stored."""
    return salted_hmac(DEVICE_SALT, f"{workshop.public_id}:{device}", algorithm="sha256").hexdigest()


INVITATION_SALT = "coproduce.workshops.invitation"


def invitation_token(*, invitation: Invitation) -> str:
    """The token of an invitation's personal reply link."""
    return public_id_token(invitation.public_id, salt=INVITATION_SALT)


def invitation_from_token(*, token: str) -> Invitation | None:
    """The invitation a reply link names, or None when the token was altered or mistyped."""
    if (key := public_id_from_token(token, salt=INVITATION_SALT)) is None:
        return None
    return Invitation.objects.select_related("workshop__project", "stakeholder").filter(public_id=key).first()
