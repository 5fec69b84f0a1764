"""Live updates: services call these inside their transaction, and the message leaves after commit.

Two groups per workshop: `screens` (the projector and facilitator views, which get every change, tallies
included) and `people` (participants' phones, which hear only what changes their screen: an activity opened,
closed or revealed, or the timer). Messages carry ids and counts, never text a participant typed; the page
fetches the fragment it needs, so HTML has one source.
"""

import threading
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connections, transaction

SCREENS = "screens"
PEOPLE = "people"


def group_name(*, workshop_public_id: str, audience: str) -> str:
    return f"workshop.{workshop_public_id}.{audience}"


def _send(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group, {"type": "workshop.event", "event": message})


def broadcast(
    *, workshop_public_id: str, event: str, audiences: tuple[str, ...] = (SCREENS,), **data: Any
) -> None:
    """Send `event` with `data` to the workshop's `audiences` once the current transaction commits."""
    message = {"event": event, **data}
    groups = [group_name(workshop_public_id=workshop_public_id, audience=a) for a in audiences]

    def send() -> None:
        for group in groups:
            _send(group, message)

    transaction.on_commit(send)


_pending: set[str] = set()
_pending_lock = threading.Lock()


def broadcast_tally(
    *, workshop_public_id: str, event: str, activity_public_id: str, count: Callable[[], dict[str, int]]
) -> None:
    """Send a running total to the screens, counted after the commit, at most once per window per activity.

    A room voting at once would otherwise send one message per vote: more than a projector can read, and
    a total counted inside each vote's transaction can be overtaken by a concurrent one. Instead the first
    change in a window (WORKSHOP_TALLY_WINDOW seconds, 0.1 by default) arranges one message at its end, and
    `count` runs then, so the screen always ends on the latest total. With a window of 0 (tests) the message
    leaves at once, counted just after the commit.
    """
    window = float(getattr(settings, "WORKSHOP_TALLY_WINDOW", 0.1))
    key = f"{activity_public_id}:{event}"

    def send() -> None:
        with _pending_lock:
            _pending.discard(key)
        try:
            message = {"event": event, "activity": activity_public_id, **count()}
            _send(group_name(workshop_public_id=workshop_public_id, audience=SCREENS), message)
        finally:
            if window > 0:
                connections.close_all()  # this timer thread's own connections (back to the pool)

    def arrange() -> None:
        if window <= 0:
            send()
            return
        with _pending_lock:
            if key in _pending:
                return
            _pending.add(key)
        timer = threading.Timer(window, send)
        timer.daemon = True
        timer.start()

    transaction.on_commit(arrange)
