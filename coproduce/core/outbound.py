"""Reading a web address that a user typed, without letting it reach this server or its private network.

Every request this server makes to an address a user gave goes through `outbound_fetch`, which:

- accepts `http` and `https` on the ports in `OUTBOUND_FETCH_PORTS` (80 and 443) only;
- looks the host up once and refuses it unless every address it has is a public internet address
  (`address_refusal`), then connects to an address it checked, so a second, different DNS answer cannot
  send the request elsewhere;
- follows at most `OUTBOUND_FETCH_MAX_REDIRECTS` redirects itself, checking each new address the same way;
- stops after `OUTBOUND_FETCH_TIMEOUT` seconds without an answer, and after `OUTBOUND_FETCH_DEADLINE`
  seconds in all; reads at most `OUTBOUND_FETCH_MAX_BYTES`; keeps only the content types asked for.

It ignores proxy settings in the environment, sends no cookies and asks for no compression. A refusal raises
`FetchRefused`, whose text tells the user why the address was not read.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

type IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Cloud providers' instance metadata services (AWS, GCP and Azure; AWS containers; Alibaba; AWS over IPv6).
METADATA = frozenset(
    ipaddress.ip_address(address)
    for address in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
CHUNK = 64 * 1024
USER_AGENT = "coproduce evidence review"


class FetchRefused(Exception):
    """The address was not read. The text says why, in words for the person who typed it."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str


def address_refusal(address: IPAddress) -> str | None:
    """Why the server may not connect to `address`, or None when it is a public internet address."""
    if (inner := _embedded_ipv4(address)) is not None:
        return address_refusal(inner)
    if address in METADATA:
        return "it is the address of a cloud server's internal settings"
    if address.is_loopback or address.is_unspecified:
        return "it points to this server itself"
    if address.is_multicast or address.is_reserved or not address.is_global:
        return "it points to a private or local network, not the public internet"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "it points to a private or local network, not the public internet"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4 or NAT64 IPv6 address, which reaches that IPv4 address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def outbound_fetch(url: str, *, accept: Collection[str] = PAGE_TYPES) -> FetchedPage:
    """Fetch `url` (following redirects) within the limits above, or raise FetchRefused."""
    deadline = time.monotonic() + settings.OUTBOUND_FETCH_DEADLINE
    for _hop in range(settings.OUTBOUND_FETCH_MAX_REDIRECTS + 1):
        target = _target(url)
        addresses = _checked_addresses(target, deadline)
        try:
            fetched = _get(target, addresses, accept=accept, deadline=deadline)
        except TimeoutError as error:
            raise FetchRefused("The page took too long to answer") from error
        except ssl.SSLError as error:
            raise FetchRefused("The page's secure connection could not be checked") from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchRefused("We could not reach that web address") from error
        if isinstance(fetched, FetchedPage):
            return fetched
        url = urljoin(target.url, fetched)
    raise FetchRefused(f"The address sent us on more than {settings.OUTBOUND_FETCH_MAX_REDIRECTS} times")


def _target(url: str) -> _Target:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise FetchRefused("Only web addresses that start with http:// or https:// can be read")
    try:
        host, port = parts.hostname or "", parts.port or DEFAULT_PORTS[scheme]
        host = host if ":" in host else host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as error:
        raise FetchRefused("That web address is not valid") from error
    if not host:
        raise FetchRefused("That web address has no server name")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(url=url, scheme=scheme, host=host, port=port, path=path)


def _checked_addresses(target: _Target, deadline: float) -> list[IPAddress]:
    """The host's addresses, looked up once; refused if any of them is not public, or the port is unusual
    (checked after the address, which says more to the person who typed it)."""
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchRefused("We could not find the server for that web address") from error
    addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found))
    for address in addresses:
        if reason := address_refusal(address):
            raise FetchRefused(f"We did not open that web address because {reason}")
    if target.port not in settings.OUTBOUND_FETCH_PORTS:
        raise FetchRefused("Only web addresses on the usual ports (80 for http, 443 for https) can be read")
    if not addresses or time.monotonic() >= deadline:
        raise FetchRefused("We could not find the server for that web address in time")
    return addresses


def _get(
    target: _Target, addresses: list[IPAddress], *, accept: Collection[str], deadline: float
) -> FetchedPage | str:
    """The page, or the address a redirect points to."""
    connection = _Connection(target, addresses, deadline)
    try:
        connection.request(
            "GET", target.path, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(accept)}
        )
        response = connection.getresponse()
        if response.status in REDIRECTS and (location := response.getheader("Location")):
            return location
        if response.status != http.client.OK:
            raise FetchRefused(f"The page could not be read: its server answered with code {response.status}")
        content_type = response.headers.get_content_type()
        if content_type not in accept:
            raise FetchRefused(f"That web address gives a file of type {content_type}, not a web page")
        body = _body(response)
        return FetchedPage(target.url, content_type, response.headers.get_content_charset(), body)
    finally:
        connection.close()


def _body(response: http.client.HTTPResponse) -> bytes:
    limit = settings.OUTBOUND_FETCH_MAX_BYTES
    too_big = FetchRefused(f"The page is larger than {limit // (1024 * 1024) or 1} MB, the most we read")
    declared = response.getheader("Content-Length") or "0"
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise too_big
    return b"".join(chunks)


class _PlainSocket(socket.socket):
    """A socket whose every read waits at most the time left before the deadline."""

    deadline = 0.0

    def recv_into(self, buffer: "WriteableBuffer", nbytes: int = 0, flags: int = 0) -> int:
        _before_read(self)
        return super().recv_into(buffer, nbytes, flags)


class _TLSSocket(ssl.SSLSocket):
    deadline = 0.0

    def recv_into(self, buffer: "WriteableBuffer", nbytes: int | None = None, flags: int = 0) -> int:
        _before_read(self)
        return super().recv_into(buffer, nbytes, flags)


def _before_read(sock: _PlainSocket | _TLSSocket) -> None:
    left = sock.deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("no time left")
    sock.settimeout(min(settings.OUTBOUND_FETCH_TIMEOUT, left))


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.sslsocket_class = _TLSSocket
    return context


class _Connection(http.client.HTTPConnection):
    """HTTP or HTTPS to `host` (named in the Host header and checked against the certificate), made to an
    address that was checked rather than to whatever the name resolves to now."""

    def __init__(self, target: _Target, addresses: list[IPAddress], deadline: float) -> None:
        super().__init__(target.host, target.port)
        self.addresses, self.deadline, self.tls = addresses, deadline, target.scheme == "https"
        self.default_port = DEFAULT_PORTS[target.scheme]  # leaves the usual port out of the Host header

    def connect(self) -> None:
        raw = _open(self.addresses, self.port, self.deadline)
        if not self.tls:
            self.sock = raw
            return
        tls = _tls_context().wrap_socket(raw, server_hostname=self.host)
        if not isinstance(tls, _TLSSocket):  # _tls_context() makes every socket a _TLSSocket
            raise TypeError("unexpected socket class")
        tls.deadline = self.deadline
        self.sock = tls


def _open(addresses: list[IPAddress], port: int, deadline: float) -> _PlainSocket:
    """A connection to the first checked address that answers."""
    error: OSError = TimeoutError("no time left")
    for address in addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = _PlainSocket(family, socket.SOCK_STREAM)
        sock.deadline = deadline
        sock.settimeout(min(settings.OUTBOUND_FETCH_TIMEOUT, left))
        try:
            sock.connect((str(address), port))
        except OSError as failed:
            sock.close()
            error = failed
            continue
        return sock
    raise error
