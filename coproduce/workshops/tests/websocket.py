"""A WebSocket test client for the workshop sockets, on asgiref's ApplicationCommunicator.

`channels.testing` cannot be imported here: its package imports Daphne (for ChannelsLiveServerTestCase),
which this project does not install because uvicorn serves it. This is the part of its WebsocketCommunicator
the tests use.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator


class WebsocketCommunicator(ApplicationCommunicator):
    def __init__(self, application: Any, path: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        scope = {"type": "websocket", "path": path, "query_string": b"", "headers": headers or []}
        super().__init__(application, scope)

    async def connect(self, timeout: float = 2) -> tuple[bool, Any]:
        """(True, None) when the socket is accepted; (False, close code) when it is refused at once."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        return True, None

    async def send_json_to(self, data: Any) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = 2) -> Any:
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 2) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def run_async[T](function: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run `function(*args)` to completion from a sync test.

    After a browser test, Playwright's event loop stays in this thread for the rest of the session, and
    async_to_sync refuses to run beside it; the coroutine then runs in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return async_to_sync(function)(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(async_to_sync(function), *args).result()
