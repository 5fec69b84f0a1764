"""/healthz and /readyz: what they check, what they answer, and that nothing stands in their way."""

import asyncio
import contextlib
import json
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from coproduce.core import health
from coproduce.core.tests.local_redis import redis_answers


@pytest.mark.django_db
def test_readyz_passes_and_names_each_check(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "channel_layer": "ok"},
    }


def _database_down(*args, **kwargs):
    raise OperationalError(
        'connection to server at "db.internal" (10.0.0.5) failed: password for "coproduce"'
    )


class _ForgetfulCache:
    def set(self, *args, **kwargs):
        return None

    def get(self, *args, **kwargs):
        return None


class _LostChannelLayer:
    async def new_channel(self):
        return "specific.lost"

    async def send(self, channel, message):
        return None

    async def receive(self, channel):
        return {"type": "readyz", "nonce": "someone else's"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("failing", "patch"),
    [
        ("database", mock.patch.object(connection, "cursor", _database_down)),
        ("cache", mock.patch.object(health, "cache", _ForgetfulCache())),
        ("channel_layer", mock.patch.object(health, "get_channel_layer", _LostChannelLayer)),
    ],
)
def test_readyz_answers_503_naming_the_failing_check_and_nothing_else(client, failing, patch):
    # given one dependency that fails
    with patch:
        response = client.get("/readyz")

    # then the answer is 503 and names that check, and only that one, as failing
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "failing"
    assert {name for name, result in body["checks"].items() if result == "failing"} == {failing}
    # and it says nothing about why: no host, address or user name
    assert "db.internal" not in response.content.decode()
    assert "10.0.0.5" not in response.content.decode()


def test_readyz_fails_when_the_channel_layer_never_answers(client, monkeypatch):
    class _SilentLayer(_LostChannelLayer):
        async def receive(self, channel):
            await asyncio.sleep(10)

    # given a channel layer that takes a message and never gives it back (the other checks pass)
    monkeypatch.setattr(health, "CHANNEL_TIMEOUT", 0.05)
    monkeypatch.setattr(health, "get_channel_layer", _SilentLayer)
    monkeypatch.setitem(health.CHECKS, "database", lambda: None)
    monkeypatch.setitem(health.CHECKS, "cache", lambda: None)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["channel_layer"] == "failing"


def test_healthz_touches_no_dependency(client):
    # given a database, cache and channel layer that would all fail (and no database access allowed here)
    with (
        mock.patch.object(health, "cache", _ForgetfulCache()),
        mock.patch.object(health, "get_channel_layer", _LostChannelLayer),
    ):
        response = client.get("/healthz")

    # then liveness still answers 200
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["coproduce.example.org"], SECURE_SSL_REDIRECT=True)
def test_probes_on_the_servers_own_address_are_answered_without_https_or_a_known_host(client):
    # given production's host check and HTTPS redirect, and a probe on the server's own address over HTTP
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.0.7:8000")

        # then it is answered, not redirected or refused as a bad host
        assert response.status_code == 200, path
    # while a page on the same address is refused
    assert client.get("/accounts/sign-in/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_probes_need_no_sign_in_cookie_or_csrf_token_and_take_only_get(client):
    client.cookies.load({"sessionid": "not-a-session"})

    assert client.get("/readyz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.skipif(not redis_answers(), reason="needs Redis at 127.0.0.1:6379")
def test_the_channel_check_leaves_no_channel_subscribed_on_redis():
    from asgiref.sync import async_to_sync
    from channels.layers import channel_layers, get_channel_layer

    pubsub = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:6379/7"}]},
        }
    }

    async def three_checks() -> dict[str, object]:
        for _ in range(3):
            # a check that times out on a busy machine must forget its channel too
            with contextlib.suppress(TimeoutError):
                await health._channel_round_trip()
        return dict(get_channel_layer()._get_layer().channels)  # type: ignore[union-attr]

    # given the Redis publish/subscribe layer that a server uses
    channel_layers.backends.clear()
    try:
        with override_settings(CHANNEL_LAYERS=pubsub):
            # when a long-running server process answers the readiness check three times
            left = async_to_sync(three_checks)()
    finally:
        channel_layers.backends.clear()

    # then each check unsubscribed its channel, answered or not: none is left to pile up
    assert left == {}
