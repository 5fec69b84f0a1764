"""A limit on how fast one participant may write: a fixed window of `WORKSHOP_RATE_LIMIT` writes per 10 s.

It uses Django's cache (Redis when `REDIS_URL` is set, so the count is shared by every server process; local
memory otherwise). It protects the room from one phone stuck in a loop or someone scripting votes; a person
tapping buttons stays far below it. Participants entered on paper by a note-taker are not limited: the
note-taker types quickly for many people.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Participant

WINDOW_SECONDS = 10
DEFAULT_LIMIT = 30
TOO_FAST = _("You are sending answers too quickly. Wait a few seconds, then try again.")


class RateLimited(ValidationError):
    """A participant sent more than their share of writes in the current window."""


def rate_limit() -> int:
    return int(getattr(settings, "WORKSHOP_RATE_LIMIT", DEFAULT_LIMIT))


def window_count(*, key: str, window_seconds: int) -> int:
    """Count one event under `key` in the current fixed window of `window_seconds`; return the count so far.

    The one counter behind every limit here, kept in Django's cache so that all server processes share it.
    """
    full_key = f"{key}:{int(time.time() // window_seconds)}"
    if cache.add(full_key, 1, timeout=window_seconds + 1):
        return 1
    try:
        return int(cache.incr(full_key))
    except ValueError:  # expired between add() and incr()
        cache.set(full_key, 1, timeout=window_seconds + 1)
        return 1


def rate_limit_hit(*, participant: Participant) -> None:
    """Count one write by `participant`; raise RateLimited when it goes over the limit for this window."""
    if participant.on_paper:
        return
    key = f"workshops:rate:{participant.public_id.hex}"
    if window_count(key=key, window_seconds=WINDOW_SECONDS) > rate_limit():
        raise RateLimited(TOO_FAST, code="rate_limited")


class LocalRateLimit:
    """The same limit, counted in this process: for votes arriving on participants' sockets.

    A socket lives in one server process for its whole life, so counting there needs no round trip to the
    cache for every vote. Someone with sockets to several processes at once could get the limit once per
    process; that still stops a phone stuck in a loop or a script flooding the room.
    """

    def __init__(self) -> None:
        self._window = -1
        self._counts: dict[uuid.UUID, int] = {}

    def allows(self, *, participant: uuid.UUID) -> bool:
        """Count one write by the participant (their public id); False when it goes over the limit."""
        window = int(time.time() // WINDOW_SECONDS)
        if window != self._window:
            self._window, self._counts = window, {}
        count = self._counts.get(participant, 0) + 1
        self._counts[participant] = count
        return count <= rate_limit()
