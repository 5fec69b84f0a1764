"""Live updates: services call these inside their transaction, and the message leaves after commit.

Two groups per workshop: `screens` (the projector and facilitator views, which get every change, tallies
included) and `people` (participants' phones, which hear only what changes their screen: an activity opened,
closed or revealed, or the timer). Messages carry ids and counts, never text a participant typed; the page
fetches the fragment it needs, so HTML has one source.

Every message to the screens first notes a new change mark for the workshop in the shared cache
(`screens_mark`), so a screen's fragment can be rendered once per change and served to every screen that
fetches it after that message (views/projector.py).
"""

import asyncio
import contextvars
import logging
import os
import secrets
import threading
from collections.abc import Callable
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction

from .pacing import Pace

logger = logging.getLogger(__name__)

SCREENS = "screens"
PEOPLE = "people"
MARK_KEPT = 24 * 3600  # seconds a workshop's change mark is kept without a change


def group_name(*, workshop_public_id: str, audience: str) -> str:
    return f"workshop.{workshop_public_id}.{audience}"


def _mark_key(workshop_public_id: str) -> str:
    return f"workshops.screens.mark:{workshop_public_id}"


def screens_changed(workshop_public_id: str) -> None:
    """A new change mark for the workshop's screens: called just before they are told of a change."""
    cache.set(_mark_key(workshop_public_id), secrets.token_hex(8), MARK_KEPT)


def screens_mark(*, workshop_public_id: str) -> str:
    """The mark of the last change the workshop's screens were told of ("" before any)."""
    return str(cache.get(_mark_key(workshop_public_id), ""))


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
        if SCREENS in audiences:
            screens_changed(workshop_public_id)
        for group in groups:
            _send(group, message)

    transaction.on_commit(send)


_pending: set[str] = set()
_pending_lock = threading.Lock()
_tasks: set[asyncio.Task[None]] = set()  # tallies being sent from a server's loop, held until done
_paces: dict[float, Pace] = {}


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The ASGI server's event loop when this thread runs sync code on its behalf (a view or a database
    call from a consumer, through asgiref's sync_to_async), else None (a command, a test, WSGI).

    asgiref records that loop for AsyncToSync in `SyncToAsync.threadlocal`; it is read the same way here.
    """
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    same_process = getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) == os.getpid()
    return loop if same_process and loop is not None and loop.is_running() else None


def broadcast_tally(
    *, workshop_public_id: str, event: str, activity_public_id: str, count: Callable[[], dict[str, int]]
) -> None:
    """Send a running total to the screens, counted after the commit, at most once per window per activity.

    A room voting at once would otherwise send one message per vote: more than a projector can read, and
    a total counted inside each vote's transaction can be overtaken by a concurrent one. Instead a change
    arranges one message, and every change made before it leaves rides along (`count` runs when it leaves,
    so the screen always ends on the latest total). It leaves at once when the activity's last one left
    WORKSHOP_TALLY_WINDOW seconds ago or more (0.05 by default), else at the end of that window
    (pacing.Pace): a lone vote is shown without waiting, a burst costs one message per window. In a server
    the message is sent from its event loop, which keeps its connections to Redis; one leaving at once is
    counted on the thread that committed, one leaving at a window's end on a database thread then.
    Elsewhere it leaves from a timer thread. With a window of 0 (tests) the message leaves at once, counted
    just after the commit.
    """
    window = float(getattr(settings, "WORKSHOP_TALLY_WINDOW", 0.05))
    key = f"{activity_public_id}:{event}"
    group = group_name(workshop_public_id=workshop_public_id, audience=SCREENS)
    pace = _pace(window)

    def message() -> dict[str, Any]:
        with _pending_lock:
            _pending.discard(key)
            pace.sent(key)
        counted = {"event": event, "activity": activity_public_id, **count()}
        screens_changed(workshop_public_id)  # after counting, before sending
        return counted

    def arrange() -> None:
        if window <= 0:
            _send(group, message())
            return
        with _pending_lock:
            if key in _pending:
                return
            _pending.add(key)
            delay = pace.wait(key)
        loop = _server_loop()
        if loop is None:
            _on_timer(delay, group, message)
            return
        # A fresh context: not the one of this thread, which asgiref marks as its sync thread.
        fresh = contextvars.Context()
        if delay > 0:
            loop.call_soon_threadsafe(loop.call_later, delay, _on_loop, loop, group, message, context=fresh)
            return
        try:  # counted here, on the connection that just committed: no second hop to a database thread
            counted = message()
        except DatabaseError:
            logger.exception("A live tally could not be counted")
            return
        loop.call_soon_threadsafe(_deliver, loop, group, counted, context=fresh)

    transaction.on_commit(arrange)


def _pace(window: float) -> Pace:
    """The pace of the tallies sent with this window (one per window setting, shared by every activity)."""
    with _pending_lock:
        return _paces.setdefault(window, Pace(window=window))


def _on_loop(loop: asyncio.AbstractEventLoop, group: str, message: Callable[[], dict[str, Any]]) -> None:
    """Count the tally on a database thread, then send it."""

    async def send() -> None:
        counted = await database_sync_to_async(message, thread_sensitive=False)()
        await _group_send(group, counted)

    _hold(loop.create_task(send()))


def _deliver(loop: asyncio.AbstractEventLoop, group: str, counted: dict[str, Any]) -> None:
    """Send a tally already counted."""
    _hold(loop.create_task(_group_send(group, counted)))


async def _group_send(group: str, counted: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(group, {"type": "workshop.event", "event": counted})


def _hold(task: asyncio.Task[None]) -> None:
    _tasks.add(task)  # held until done: the loop keeps only a weak reference
    task.add_done_callback(_done)


def _done(task: asyncio.Task[None]) -> None:
    _tasks.discard(task)
    if not task.cancelled() and (error := task.exception()) is not None:
        logger.error("A live tally could not be sent", exc_info=error)


def _on_timer(delay: float, group: str, message: Callable[[], dict[str, Any]]) -> None:
    def send() -> None:
        try:
            _send(group, message())
        finally:
            connections.close_all()  # this timer thread's own connections (back to the pool)

    timer = threading.Timer(delay, send)
    timer.daemon = True
    timer.start()
