"""A small HTTP/1.1 client over asyncio streams, for the workshop load benchmark.

Neither httpx nor aiohttp is installed, so this speaks just enough HTTP/1.1 for Django behind uvicorn:
keep-alive connections from a bounded pool, Content-Length and chunked bodies, and one cookie jar per
simulated participant. Every request carries `X-Forwarded-Proto: https`, as nginx sends it in production
(docs/deploy.md), so the production settings neither redirect to HTTPS nor refuse the form's origin.
"""

import asyncio
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


class ConnectionFailed(Exception):
    """The server closed or refused the connection before a whole response came back."""


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def set_cookies(self) -> list[str]:
        return [v for k, v in self.headers if k == "set-cookie"]


@dataclass
class CookieJar:
    """The cookies one browser holds (names and values only: one host, no expiry needed here)."""

    values: dict[str, str] = field(default_factory=dict)

    def update(self, response: Response) -> None:
        for raw in response.set_cookies():
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.values.pop(name, None)
                else:
                    self.values[name] = morsel.value

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.values.items())


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.used = 0
        self.idle_since = 0.0

    def close(self) -> None:
        self.writer.close()

    async def exchange(self, request: bytes) -> tuple[Response, bool]:
        """Send one request, read its response; the flag says whether the connection may be reused."""
        self.used += 1
        self.writer.write(request)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionFailed("closed before the status line")
        status = int(status_line.split()[1])
        headers: list[tuple[str, str]] = []
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = Response(status, headers, b"")
        length = response.header("content-length")
        if length is not None:
            response.body = await self.reader.readexactly(int(length))
        elif (response.header("transfer-encoding") or "").lower() == "chunked":
            response.body = await self._read_chunked()
        else:
            response.body = await self.reader.read()
            return response, False
        return response, (response.header("connection") or "").lower() != "close"

    async def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readline()).split(b";")[0], 16)
            if size == 0:
                await self.reader.readline()
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


class HttpPool:
    """At most `size` keep-alive connections to one host and port, shared by every simulated browser.

    A connection is closed after `recycle` requests (0: never), as a proxy's upstream connections come and
    go, so that connections spread again over the server's worker processes after one restarts. One idle
    for more than `max_idle` seconds (0: no limit) is not used again: uvicorn closes a keep-alive connection
    after 5 s without a request, and a request sent as it closes would fail where a browser would simply
    open a new connection.
    """

    def __init__(self, host: str, port: int, size: int, *, recycle: int = 0, max_idle: float = 0.0) -> None:
        self.host = host
        self.port = port
        self.recycle = recycle
        self.max_idle = max_idle
        self.origin = f"https://{host}:{port}"
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(size)

    async def request(
        self,
        method: str,
        path: str,
        *,
        jar: CookieJar,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30.0,
    ) -> Response:
        """One request with the jar's cookies; the jar takes the response's cookies. Raises
        ConnectionFailed (or OSError / TimeoutError) when the server drops or refuses the connection."""
        body = urlencode(form).encode() if form is not None else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "X-Forwarded-Proto: https",
            f"Content-Length: {len(body)}",
        ]
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Origin: {self.origin}"]
        if jar.values:
            lines.append(f"Cookie: {jar.header()}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        async with self._slots:
            connection = self._idle_connection() or await self._open()
            try:
                response, reusable = await asyncio.wait_for(connection.exchange(raw), timeout)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
                connection.close()
                raise ConnectionFailed(str(error) or type(error).__name__) from error
            except BaseException:
                connection.close()
                raise
            if reusable and not (self.recycle and connection.used >= self.recycle):
                connection.idle_since = time.monotonic()
                self._idle.append(connection)
            else:
                connection.close()
        jar.update(response)
        return response

    def _idle_connection(self) -> _Connection | None:
        """The connection used last, if one is idle and not too long; older ones are closed."""
        while self._idle:
            connection = self._idle.pop()
            if not self.max_idle or time.monotonic() - connection.idle_since < self.max_idle:
                return connection
            connection.close()
        return None

    async def _open(self) -> _Connection:
        try:
            reader, writer = await asyncio.open_connection(self.host, self.port)
        except OSError as error:
            raise ConnectionFailed(f"connect: {error}") from error
        return _Connection(reader, writer)

    def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()


def csrf_token(body: bytes) -> str | None:
    """The CSRF token a Django form carries in its hidden input."""
    match = CSRF_INPUT.search(body.decode("utf-8", "replace"))
    return match.group(1) if match else None
