"""WebSockets of a live workshop: they authenticate, join a group and forward events.

`ScreensConsumer` serves the facilitator's and projector's pages (a signed-in member of the project);
`PeopleConsumer` serves participants' phones (the participant cookie from identity.py). Messages come from
coproduce/workshops/broadcast.py as `workshop.event` and leave as JSON text: {"event": "dot.changed", ...}.
A refused socket is accepted and closed at once with code 4403, so the page knows not to retry.

The one thing a socket takes in is a participant's vote on a statement, the busiest write of a workshop:
{"action": "vote", "statement": "<statement public id>", "value": "agree" | "disagree" | "pass",
"key": "<the phone's name for this vote>"}. It is rate limited here and saved by vote_batcher.py with
others; the answer names the same key: {"event": "vote.saved", "key": ...} once it is committed, or
{"event": "vote.refused", "key": ..., "message": ..., "retry": false | true}. Anything else is ignored.

What a browser sends is read with care before it is parsed (`message_parse`): a text message over
`MAX_MESSAGE_CHARS` closes the socket with code 1009 (message too big); binary frames, text that is not
JSON and text with more than `MAX_BRACKETS` opening brackets are answered with {"event": "error",
"message": ...} and the socket stays open. Nothing a browser sends can raise an error in the consumer.
"""

import json
import logging
import uuid
from functools import partial
from typing import TYPE_CHECKING, Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError
from django.utils import translation

from coproduce.core import metrics

from .broadcast import PEOPLE, SCREENS, group_name
from .ratelimit import TOO_FAST, LocalRateLimit
from .selectors.live import participant_for_people, workshop_for_screens
from .services.contributions import CHOOSE_VALUE, NOT_SHOWN
from .services.participation import PARTICIPANT_REMOVED, participant_seen
from .services.statement_votes import Ballot
from .vote_batcher import vote_batcher

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # the type of a lazily translated message

logger = logging.getLogger(__name__)
REFUSED = 4403
TOO_BIG = 1009  # the WebSocket close code for a message too big to process
MAX_MESSAGE_CHARS = 2048  # a vote is under 200 characters
MAX_BRACKETS = 8  # opening brackets in a message; a vote, one flat object, has one
UNREADABLE = "That message could not be read. Reload the page if this keeps happening."
VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}
KEY_LENGTH = 64
_rate_limit = LocalRateLimit()


class _WorkshopConsumer(AsyncJsonWebsocketConsumer):
    audience = ""
    group = ""

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Hand `message` to its handler at once.

        Channels' own dispatch first closes stale database connections on the process's one shared
        thread, for every message of every socket: a room's votes and every event forwarded to a phone
        or a projector would queue for that thread behind the saving of votes. These consumers touch the
        database only through `database_sync_to_async`, which closes stale connections itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        metrics.socket_opened(audience=self.audience)
        await self.accept()
        workshop_id = str(self.scope["url_route"]["kwargs"]["workshop_id"])
        if not await self.allowed(workshop_id):
            await self.close(code=REFUSED)
            return
        self.group = group_name(workshop_public_id=workshop_id, audience=self.audience)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.joined()

    async def allowed(self, workshop_id: str) -> bool:
        raise NotImplementedError

    async def joined(self) -> None:
        """Called once the socket listens to its group."""

    async def disconnect(self, code: int) -> None:
        metrics.socket_closed(audience=self.audience)
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        """Refuse what is too big, binary, not JSON or too deeply nested; pass the rest to `receive_json`."""
        if text_data is not None and len(text_data) > MAX_MESSAGE_CHARS:
            await self.close(code=TOO_BIG)
            return
        content = message_parse(text_data) if text_data is not None and bytes_data is None else None
        if content is None:
            await self.send_json({"event": "error", "message": UNREADABLE})
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The screens only listen: anything their browser sends is ignored."""

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
    participant: tuple[int, uuid.UUID] | None = None  # (pk, public id) of the phone's participant

    async def allowed(self, workshop_id: str) -> bool:
        cookies = self.scope.get("cookies", {})
        participant = await database_sync_to_async(participant_for_people)(
            workshop_id=workshop_id, cookies=cookies
        )
        if participant is None:
            return False
        self.participant = (participant.pk, participant.public_id)
        return True

    async def joined(self) -> None:
        if self.participant is None:  # allowed() sets it before the socket joins its group
            return
        try:
            await database_sync_to_async(participant_seen)(participant_ids=[self.participant[0]])
        except DatabaseError:  # only a note of when the phone was last here: the socket stays open
            logger.warning("Could not note that a participant's phone is here", exc_info=True)

    async def workshop_event(self, message: dict[str, Any]) -> None:
        """Forward the event; a facilitator's removal of this phone's participant closes its socket."""
        event = message["event"]
        if event.get("event") != PARTICIPANT_REMOVED:
            await super().workshop_event(message)
        elif self.participant is not None and event.get("participant") == str(self.participant[1]):
            self.participant = None
            await self.close(code=REFUSED)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.participant is None or not isinstance(content, dict) or content.get("action") != "vote":
            return
        key = str(content.get("key", ""))[:KEY_LENGTH]
        ballot = _ballot(content, participant_id=self.participant[0])
        if not isinstance(ballot, Ballot):  # why it cannot be one
            await self._answer(key, ballot, False)
        elif not _rate_limit.allows(participant=self.participant[1]):
            await self._answer(key, TOO_FAST, False)
        else:
            vote_batcher().submit(ballot, partial(self._answer, key))

    async def _answer(self, key: str, problem: "StrOrPromise | None", retry: bool) -> None:
        if problem is None:
            await self.send_json({"event": "vote.saved", "key": key})
        else:
            message = in_chosen_language(problem, self.scope.get("cookies", {}))
            await self.send_json({"event": "vote.refused", "key": key, "message": message, "retry": retry})


def in_chosen_language(message: "StrOrPromise", cookies: dict[str, str]) -> str:
    """`message` in the language the phone chose with the chooser (its cookie), else in the site's."""
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    known = language in {code for code, _name in settings.LANGUAGES}
    with translation.override(language if known else settings.LANGUAGE_CODE):
        return str(message)


def message_parse(text: str) -> Any | None:
    """The JSON in `text`, or None when it is not JSON or could nest deeper than MAX_BRACKETS. The only
    message taken is one flat object, so any text with more than MAX_BRACKETS opening brackets (counted at
    C speed, strings included) is refused before parsing: a deeply nested message never reaches the
    parser."""
    if text.count("[") + text.count("{") > MAX_BRACKETS:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _ballot(content: dict[str, Any], *, participant_id: int) -> "Ballot | StrOrPromise":
    """The vote a phone sent, or why it cannot be one."""
    try:
        statement = uuid.UUID(str(content.get("statement", "")))
    except ValueError:
        return NOT_SHOWN
    value = VOTE_VALUES.get(str(content.get("value", "")))
    if value is None:
        return CHOOSE_VALUE
    return Ballot(participant_id=participant_id, statement_id=statement, value=value)
