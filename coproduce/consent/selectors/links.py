"""Reads of personal links: the token in the URL, and what a token opens."""

import enum
from dataclasses import dataclass

from coproduce.core.tokens import public_id_from_token, public_id_token
from coproduce.people.models import Stakeholder

from ..models import PersonalLink

TOKEN_SALT = "consent.personal-link"  # noqa: S105 a salt names the kind of link; it is not a secret


class LinkState(enum.Enum):
    VALID = "valid"
    TAMPERED = "tampered"  # not signed by us: 400
    EXPIRED = "expired"  # expired or revoked: 410
    GONE = "gone"  # signed by us but the link no longer exists (the person was erased): 410


@dataclass(frozen=True)
class LinkResolution:
    state: LinkState
    link: PersonalLink | None = None


def personal_link_token(*, link: PersonalLink) -> str:
    """The signed token that goes in the URL /c/<token>/."""
    return public_id_token(link.public_id, salt=TOKEN_SALT)


def personal_link_resolve(*, token: str) -> LinkResolution:
    """What a token opens. Only a VALID resolution carries a link that may be used to change anything."""
    if (public_id := public_id_from_token(token, salt=TOKEN_SALT)) is None:
        return LinkResolution(LinkState.TAMPERED)
    link = (
        PersonalLink.objects.select_related("stakeholder", "form__project")
        .filter(public_id=public_id)
        .first()
    )
    if link is None:
        return LinkResolution(LinkState.GONE)
    if not link.is_usable:
        return LinkResolution(LinkState.EXPIRED, link)
    return LinkResolution(LinkState.VALID, link)


def personal_link_current(*, stakeholder: Stakeholder) -> PersonalLink | None:
    """The newest link that still works, if any."""
    links = PersonalLink.objects.filter(stakeholder=stakeholder).select_related("form")
    return next((link for link in links if link.is_usable), None)
