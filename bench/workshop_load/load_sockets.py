"""Opening a workshop WebSocket as a browser behind nginx would: an allowed Origin, the page's cookies and
`X-Forwarded-Proto: https`, and no compression (the pages do not ask for it)."""

from websockets.asyncio.client import connect

REFUSED = 4403  # the consumers' close code for a socket they refuse


def socket_connect(*, port: int, path: str, cookie: str, open_timeout: float) -> connect:
    """The connection to `path` on the loopback server, to use with `async with`."""
    return connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=f"https://127.0.0.1:{port}",  # type: ignore[arg-type]
        additional_headers={"Cookie": cookie, "X-Forwarded-Proto": "https"},
        open_timeout=open_timeout,
        compression=None,
    )
