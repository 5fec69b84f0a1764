"""Live updates: services call these inside their transaction, and the message leaves after commit.

Two groups per workshop: `screens` (the projector and facilitator views, which get every change, tallies
included) and `people` (participants' phones, which hear only what changes their screen: an activity opened,
closed or revealed, or the timer). Messages carry ids and counts, never text a participant typed; the page
fetches the fragment it needs, so HTML has one source.
"""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

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
