"""The cache's connections to Redis are shared by every request of a process, not opened per request."""

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from coproduce.core.tests.local_redis import redis_answers

URL = "redis://127.0.0.1:6379/7"


def _clients_named(name: str) -> int:
    return sum(1 for client in redis.Redis.from_url(URL).client_list() if client.get("name") == name)


@pytest.mark.skipif(not redis_answers(), reason="needs Redis at 127.0.0.1:6379")
def test_cache_objects_of_many_requests_share_one_connection_to_redis():
    name = "coproduce-pool-test"
    options = {**settings.REDIS_CACHE_OPTIONS, "client_name": name}
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": URL, "OPTIONS": options}
    # given the cache as a server configures it
    with override_settings(CACHES={"default": backend}):
        # when twenty requests, one after another, each with the cache object Django makes for it, use it
        for n in range(20):
            cache = caches.create_connection("default")
            cache.set(f"pool-test-{n}", n, 30)
            assert cache.get(f"pool-test-{n}") == n
        # then one connection to Redis served them all, and stays open for the next request
        assert _clients_named(name) == 1
