"""The projector of the load benchmark: a team member's screens WebSocket, reconnecting when it drops.

It records the time of every `statement.voted` message for the activity with its `votes` total, and each
drop and reconnection, as the projector page would live through them. With a `ProjectorPage` it also
fetches the projector's fragment as static/js/workshop-live.js does: 100 ms after a message (messages
meanwhile ride along), one fetch at a time, the last fetch after the last message; a running total
(`statement.voted`, `dot.changed`, `pairwise.voted`), which the page shows in place, asks for a fetch at
most every TALLIES_EVERY_S after the last one began (views/projector.py, TALLIES_EVERY_MS).
"""

import asyncio
import json
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from bench.workshop_load.load_client import ConnectionFailed, CookieJar, HttpPool
from bench.workshop_load.load_sockets import REFUSED, socket_connect

REFRESH_S = 0.1
TALLIES = {"statement.voted", "dot.changed", "pairwise.voted"}
TALLIES_EVERY_S = 2.0


@dataclass
class ProjectorPage:
    """The projector page's live fragment, fetched again after messages; records each fetch's time."""

    pool: HttpPool
    path: str
    session_key: str
    fetches: list[tuple[float, int]] = field(default_factory=list)  # (seconds, HTTP status)
    _due: asyncio.Task[None] | None = None
    _later: asyncio.Task[None] | None = None
    _fetching: bool = False
    _again: bool = False
    _fetched_at: float = float("-inf")

    def heard(self, event: str) -> None:
        """A message arrived: a running total is shown in place (a fetch at most every TALLIES_EVERY_S),
        anything else is fetched 100 ms later."""
        if event not in TALLIES:
            self.poke()
        elif self._later is None or self._later.done():
            wait = max(REFRESH_S, TALLIES_EVERY_S - (time.perf_counter() - self._fetched_at))
            self._later = asyncio.get_running_loop().create_task(self._after_wait(wait))

    def poke(self) -> None:
        if self._due is None or self._due.done():
            self._due = asyncio.get_running_loop().create_task(self._after_wait(REFRESH_S))

    async def _after_wait(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self.fetch()

    async def fetch(self) -> None:
        if self._fetching:
            self._again = True
            return
        self._fetching = True
        try:
            jar = CookieJar()
            jar.values["sessionid"] = self.session_key
            started = self._fetched_at = time.perf_counter()
            try:
                response = await self.pool.request(
                    "GET", self.path, jar=jar, headers={"X-Requested-With": "fetch"}
                )
                status = response.status
            except (
                ConnectionFailed,
                OSError,
                TimeoutError,
            ):  # a dropped worker: the next message tries again
                status = 0
            self.fetches.append((time.perf_counter() - started, status))
        finally:
            self._fetching = False
        if self._again:
            self._again = False
            await self.fetch()


@dataclass
class Outage:
    dropped_at: float
    reconnected_at: float | None = None
    first_event_at: float | None = None


@dataclass
class Projector:
    port: int
    workshop_id: str
    activity_id: str
    session_key: str
    samples: list[tuple[float, int]] = field(default_factory=list)
    other_events: dict[str, int] = field(default_factory=dict)
    outages: list[Outage] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    local_port: int | None = None
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    stopping: bool = False
    page: ProjectorPage | None = None

    async def run(self) -> None:
        """Listen until stopped or refused; after a drop, try again every 50 ms."""
        while not self.stopping:
            try:
                async with socket_connect(
                    port=self.port,
                    path=f"/ws/workshops/{self.workshop_id}/screens/",
                    cookie=f"sessionid={self.session_key}",
                    open_timeout=5,
                ) as socket:
                    await self._listen(socket)
            except (OSError, InvalidHandshake, TimeoutError) as error:
                if isinstance(error, InvalidStatus):
                    self.refused.append(f"HTTP {error.response.status_code}")
                await asyncio.sleep(0.05)
            except ConnectionClosed as error:
                if error.rcvd is not None and error.rcvd.code == REFUSED:
                    self.refused.append(f"closed with {REFUSED}")
                    self.connected.clear()
                    return
            opened = self.local_port is not None
            if not self.stopping and opened and (not self.outages or self.outages[-1].reconnected_at):
                self.connected.clear()
                self.outages.append(Outage(dropped_at=time.perf_counter()))

    async def _listen(self, socket: ClientConnection) -> None:
        address = socket.local_address
        self.local_port = int(address[1])
        if self.outages and self.outages[-1].reconnected_at is None:
            self.outages[-1].reconnected_at = time.perf_counter()
        self.connected.set()
        async for raw in socket:
            now = time.perf_counter()
            message = json.loads(raw)
            event = str(message.get("event"))
            outage = self.outages[-1] if self.outages else None
            if outage is not None and outage.first_event_at is None:
                outage.first_event_at = now
            if self.page is not None:
                self.page.heard(event)
            if event == "statement.voted" and message.get("activity") == self.activity_id:
                self.samples.append((now, int(message["votes"])))
            else:
                self.other_events[event] = self.other_events.get(event, 0) + 1

    def last_count(self) -> int:
        return self.samples[-1][1] if self.samples else 0

    def first_seen(self, total: int, *, base: int, since: float, until: float) -> list[float | None]:
        """For k = 1..total, when the projector first showed a count of at least base + k between `since`
        and `until` (None: not in that time)."""
        seen: list[float | None] = [None] * total
        reached = 0
        for when, votes in self.samples:
            if since <= when <= until:
                while reached < min(votes - base, total):
                    seen[reached] = when
                    reached += 1
        return seen
