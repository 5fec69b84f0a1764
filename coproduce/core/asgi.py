"""Django's ASGI handler, with each request's synchronous code run on a thread kept for reuse.

Django's own handler gives every request a thread-sensitive context of its own, so asgiref starts a new
thread for each request's views and middleware, and on the way out another thread to join it. Starting a
thread makes the event loop wait until the new thread runs, and on a busy machine that can take many
milliseconds: meanwhile the loop answers no socket, so a process that also serves a live workshop's sockets
falls behind on every message it should forward. Here a request borrows one of `ASGI_THREADS` single-thread
executors made once per process, and gives it back when it ends, as a WSGI server's thread pool does. A
request that arrives while every thread is busy waits for one, so a process never runs more views at once
than it has threads (and database connections in its pool).
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import django
from asgiref.sync import ThreadSensitiveContext
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler

DEFAULT_THREADS = 8


class ThreadPool:
    """`size` single-thread executors, lent one at a time, made on first use (inside the server's loop)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._free: asyncio.LifoQueue[ThreadPoolExecutor] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _queue(self) -> asyncio.LifoQueue[ThreadPoolExecutor]:
        loop = asyncio.get_running_loop()
        if self._free is None or self._loop is not loop:
            self._loop, self._free = loop, asyncio.LifoQueue()
            for n in range(self.size):
                self._free.put_nowait(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-{n}"))
        return self._free

    async def borrow(self) -> ThreadPoolExecutor:
        return await self._queue().get()

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        self._queue().put_nowait(executor)


class PooledASGIHandler(ASGIHandler):
    """ASGIHandler whose requests run their synchronous code on a pooled thread (see the module's text)."""

    def __init__(self, *, threads: int) -> None:
        super().__init__()
        self.pool = ThreadPool(threads)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # refuses what is not HTTP, as Django does
            return
        executor = await self.pool.borrow()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self.pool.give_back(executor)


def asgi_application() -> PooledASGIHandler:
    """What `django.core.asgi.get_asgi_application` returns, with pooled threads."""
    django.setup(set_prefix=False)
    return PooledASGIHandler(threads=int(getattr(settings, "ASGI_THREADS", DEFAULT_THREADS)))
