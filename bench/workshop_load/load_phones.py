"""Phones of the load benchmark voting over their people's WebSocket, as take-part.js does.

Each person holds one socket to `/ws/workshops/<workshop>/people/` with their participant cookie. A vote is
sent as {"action": "vote", "statement", "value", "key"} and counts as acknowledged when `vote.saved` names
its key (the server answers only after the commit). Until then it is kept: when the socket drops, the phone
reconnects (every 50 ms) and sends every vote it has not heard back about again, with the same key, as the
page does after a reconnection; a `vote.refused` with `retry` is sent again after a short wait.
"""

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.workshop_load.load_sockets import REFUSED, socket_connect


@dataclass
class Answer:
    saved: bool
    reason: str = ""


@dataclass
class Phone:
    port: int
    workshop_id: str
    cookie: str
    waiting: dict[str, tuple[str, asyncio.Future[Answer]]] = field(default_factory=dict)
    sends: dict[str, int] = field(default_factory=dict)
    drops: int = 0
    refused: str = ""
    socket: ClientConnection | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    stopping: bool = False

    async def run(self) -> None:
        """Stay connected until stopped or refused; after a drop, connect again and resend what waits."""
        while not self.stopping:
            try:
                path = f"/ws/workshops/{self.workshop_id}/people/"
                async with socket_connect(
                    port=self.port, path=path, cookie=self.cookie, open_timeout=10
                ) as socket:
                    await self._listen(socket)
            except (OSError, InvalidHandshake, TimeoutError):
                pass
            except ConnectionClosed as error:
                if error.rcvd is not None and error.rcvd.code == REFUSED:
                    self.refused = "refused (4403)"
                    self._fail_all("socket refused")
                    return
            self.socket = None
            self.ready.clear()
            if not self.stopping:
                self.drops += 1
                await asyncio.sleep(0.05)

    async def _listen(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ready.set()
        for key in list(self.waiting):  # sent before the drop, never answered
            await self._send(key)
        async for raw in socket:
            message = json.loads(raw)
            key = str(message.get("key", ""))
            if key not in self.waiting:
                continue
            if message.get("event") == "vote.saved":
                self._settle(key, Answer(saved=True))
            elif message.get("event") == "vote.refused" and message.get("retry"):
                asyncio.get_running_loop().call_later(0.2, self._resend_soon, key)
            elif message.get("event") == "vote.refused":
                self._settle(key, Answer(saved=False, reason=str(message.get("message"))))

    def _resend_soon(self, key: str) -> None:
        if key in self.waiting:
            asyncio.get_running_loop().create_task(self._send(key))

    def _settle(self, key: str, answer: Answer) -> None:
        _, future = self.waiting.pop(key)
        if not future.done():
            future.set_result(answer)

    def _fail_all(self, reason: str) -> None:
        for key in list(self.waiting):
            self._settle(key, Answer(saved=False, reason=reason))

    async def _send(self, key: str) -> None:
        socket = self.socket
        if socket is None or key not in self.waiting:
            return  # sent when the socket is back
        self.sends[key] = self.sends.get(key, 0) + 1
        with contextlib.suppress(ConnectionClosed):  # the reconnection sends it again
            await socket.send(self.waiting[key][0])

    async def vote(self, *, key: str, statement: str, value: str, give_up: float) -> Answer:
        """Send one vote and wait until the server has saved or refused it (or `give_up` seconds pass)."""
        message = json.dumps({"action": "vote", "statement": statement, "value": value, "key": key})
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self.waiting[key] = (message, future)
        await self._send(key)
        try:
            return await asyncio.wait_for(future, give_up)
        except TimeoutError:
            self.waiting.pop(key, None)
            return Answer(saved=False, reason="no answer")


async def phones_connect(
    *, port: int, workshop_id: str, cookies: list[str], timeout: float = 30
) -> tuple[list[Phone], list[asyncio.Task[None]]]:
    """One connected phone per cookie header; returns them with their listening tasks."""
    phones = [Phone(port, workshop_id, cookie) for cookie in cookies]
    started = time.perf_counter()
    tasks = [asyncio.create_task(phone.run()) for phone in phones]
    waits = [asyncio.wait_for(phone.ready.wait(), timeout) for phone in phones]
    results = await asyncio.gather(*waits, return_exceptions=True)
    failed = sum(1 for r in results if isinstance(r, BaseException))
    seconds = time.perf_counter() - started
    print(f"{len(phones) - failed} of {len(phones)} phones opened their socket in {seconds:.1f} s.")
    return phones, tasks
