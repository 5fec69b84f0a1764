"""WebSockets of a live workshop: they authenticate, join a group and forward events. They never write.

`ScreensConsumer` serves the facilitator's and projector's pages (a signed-in member of the project);
`PeopleConsumer` serves participants' phones (the participant cookie from identity.py). Messages come from
coproduce/workshops/broadcast.py as `workshop.event` and leave as JSON text: {"event": "dot.changed", ...}.
A refused socket is accepted and closed at once with code 4403, so the page knows not to retry.
"""

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .broadcast import PEOPLE, SCREENS, group_name
from .selectors.live import participant_for_people, workshop_for_screens

REFUSED = 4403


class _WorkshopConsumer(AsyncJsonWebsocketConsumer):
    audience = ""
    group = ""

    async def connect(self) -> None:
        await self.accept()
        workshop_id = str(self.scope["url_route"]["kwargs"]["workshop_id"])
        if not await self.allowed(workshop_id):
            await self.close(code=REFUSED)
            return
        self.group = group_name(workshop_public_id=workshop_id, audience=self.audience)
        await self.channel_layer.group_add(self.group, self.channel_name)

    async def allowed(self, workshop_id: str) -> bool:
        raise NotImplementedError

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Listeners only: anything a browser sends is ignored."""

    async def workshop_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])


class ScreensConsumer(_WorkshopConsumer):
    audience = SCREENS

    async def allowed(self, workshop_id: str) -> bool:
        user = self.scope.get("user")
        if user is None:
            return False
        workshop = await database_sync_to_async(workshop_for_screens)(user=user, workshop_id=workshop_id)
        return workshop is not None


class PeopleConsumer(_WorkshopConsumer):
    audience = PEOPLE

    async def allowed(self, workshop_id: str) -> bool:
        cookies = self.scope.get("cookies", {})
        participant = await database_sync_to_async(participant_for_people)(
            workshop_id=workshop_id, cookies=cookies
        )
        return participant is not None
