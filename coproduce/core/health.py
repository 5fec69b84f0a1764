"""Liveness and readiness, for systemd, a load balancer or an orchestrator (answered by core/middleware.py).

`/healthz` says only that the process answers: it touches nothing else, so a slow database never gets a
healthy process restarted. `/readyz` checks what a request needs: the database (one query), the cache (a
set and a get) and the channel layer that carries live updates (a send and a receive). It answers 200 when
all pass and 503 naming the failing one; the reason is logged, never sent, since it may name hosts.
"""

import asyncio
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)
CHANNEL_TIMEOUT = 2.0  # seconds to wait for our own message to come back


def database_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("The database answered SELECT 1 wrongly.")


def cache_check() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("The cache did not return what was stored.")


async def _channel_round_trip() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("No channel layer is configured.")
    channel, nonce = await layer.new_channel(), uuid.uuid4().hex
    try:
        await layer.send(channel, {"type": "readyz", "nonce": nonce})
        message = await asyncio.wait_for(layer.receive(channel), timeout=CHANNEL_TIMEOUT)
    finally:
        await _forget(layer, channel)
    if message.get("nonce") != nonce:
        raise RuntimeError("The channel layer returned another message.")


async def _forget(layer: Any, channel: str) -> None:
    """Drop the check's channel. A consumer's channel goes when its socket closes; this one has no socket,
    and Redis's publish/subscribe layer would otherwise stay subscribed to it for good, one per check."""
    channels = getattr(layer, "channels", None)
    if isinstance(channels, dict) and channels.pop(channel, None) is not None:
        shard = getattr(layer, "_get_shard", None)
        if shard is not None:
            await shard(channel).unsubscribe(channel)


def channel_layer_check() -> None:
    async_to_sync(_channel_round_trip)()


CHECKS: dict[str, Callable[[], None]] = {
    "database": database_check,
    "cache": cache_check,
    "channel_layer": channel_layer_check,
}


def _json(body: dict[str, object], status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def liveness_response() -> HttpResponse:
    return _json({"status": "ok"}, 200)


def readiness_response() -> HttpResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means "not ready"; the kind is logged, not sent
            logger.warning("Readiness check %s failed: %s", name, type(error).__name__)
            results[name] = "failing"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return _json({"status": "ok" if ready else "failing", "checks": results}, 200 if ready else 503)
