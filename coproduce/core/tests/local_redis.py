"""Whether Redis answers on this machine, for the tests that need a real one (skipped where it does not)."""

import socket


def redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True
