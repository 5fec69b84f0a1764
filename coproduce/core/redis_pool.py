"""One Redis connection pool per process for the cache, whichever request or thread asks.

Django keeps a cache object per request context: under ASGI every request builds its own `RedisCache`, with
its own connection pool, so each request opened a new connection to Redis (a TCP connect and a handshake
before the first command) and left the old one to be collected. `SharedConnectionPool` is given as the
cache's ``pool_class``: every cache object of the process asks it for a pool and gets the same one for the
same address, so connections are opened once and reused. redis-py's pool is thread-safe and starts afresh
in a forked child (it checks the process id), so one pool serves every thread of a server process.
"""

import threading
from typing import Any, Self

import redis

_lock = threading.Lock()
_pools: dict[str, "SharedConnectionPool"] = {}


class SharedConnectionPool(redis.ConnectionPool):
    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Self:
        """The process's pool for `url`, made on first use (later calls' options are those of the first)."""
        with _lock:
            pool = _pools.get(url)
            if pool is None:
                pool = _pools[url] = super().from_url(url, **kwargs)
        return pool  # type: ignore[return-value]
