"""Local web servers for tests of what the server fetches, and a guard that keeps tests on this machine.

`web_server()` starts a server on a loopback address that records every request it gets and answers from a
table of `Reply`s. `pretend_public(name, server)` makes `name` resolve to that server and lets the outbound
fetch treat the server's address (127.0.0.2) as a public one; nothing else changes. `no_outside_traffic`
makes any connection to an address outside 127.0.0.0/8 or ::1 fail, and records it.
"""

import ipaddress
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from coproduce.core import outbound

PRETEND_PUBLIC = ipaddress.ip_address("127.0.0.2")


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    body: bytes = b"<html><head><title>Brookvale &amp; District: Housing Strategy 2025</title></head></html>"
    pause: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between bytes of the body, when set
    declare_length: bool = True  # False: no Content-Length, the body ends when the connection closes


class RecordingServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str) -> None:
        self.requests: list[str] = []
        self.answered: list[str] = []  # paths whose whole reply was sent
        self.replies: dict[str, Reply] = {}
        super().__init__((host, 0), _Handler)
        self.base = f"http://{host}:{self.server_address[1]}"  # pretend_public() gives it a name

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (as the fetch does on slow or large pages) is expected here


class _Handler(BaseHTTPRequestHandler):
    server: RecordingServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        reply = self.server.replies.get(self.path, Reply(status=404, body=b""))
        time.sleep(reply.pause)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.declare_length:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if not reply.drip:
            self.wfile.write(reply.body)
        for byte in reply.body if reply.drip else b"":
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(reply.drip)
        self.server.answered.append(self.path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[Callable[..., RecordingServer]]:
    started: list[RecordingServer] = []

    def start(host: str = "127.0.0.1", certificate: Path | None = None) -> RecordingServer:
        server = RecordingServer(host)
        if certificate:  # answer over TLS with this certificate (and its key, in the same file)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(certificate)
            server.socket = context.wrap_socket(server.socket, server_side=True)
            server.base = server.base.replace("http:", "https:")
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def no_outside_traffic(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Connections to anything but loopback, and DNS lookups of names other than localhost, fail (and are
    listed) instead of leaving the machine."""
    attempts: list[object] = []
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is None or not ipaddress.ip_address(str(host).split("%")[0]).is_loopback:
            attempts.append(address)
            raise ConnectionRefusedError(f"test guard: no traffic to {address}")
        connect(sock, address)  # type: ignore[arg-type]

    def resolve(host: str, *args: object, **kwargs: object) -> Sequence[object]:
        if host != "localhost" and not _is_literal(host):
            attempts.append(host)
            raise socket.gaierror(socket.EAI_NONAME, f"test guard: no DNS lookup of {host}")
        return getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return attempts


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@pytest.fixture
def pretend_public(
    monkeypatch: pytest.MonkeyPatch, settings: object, no_outside_traffic: list[object]
) -> Callable[[str, RecordingServer], None]:
    """pretend_public("www.brookvale.example", server): that name resolves to the server, taken as public,
    and server.base becomes http://www.brookvale.example:<port>. Other names are not looked up at all."""
    names: dict[str, RecordingServer] = {}
    getaddrinfo, refusal = socket.getaddrinfo, outbound.address_refusal

    def resolve(host: str, port: object, *args: object, **kwargs: object) -> Sequence[object]:
        if host in names:
            server = names[host]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (server.server_address[0], port))]
        if host != "localhost" and not _is_literal(host):  # any other name would need DNS
            raise socket.gaierror(socket.EAI_NONAME, "unknown name in tests")
        return getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    def patched_refusal(address: outbound.IPAddress) -> str | None:
        return None if address == PRETEND_PUBLIC else refusal(address)

    def pretend(name: str, server: RecordingServer) -> None:
        names[name] = server
        server.base = f"{server.base.split(':')[0]}://{name}:{server.server_address[1]}"
        settings.OUTBOUND_FETCH_PORTS = (80, 443, server.server_address[1])  # type: ignore[attr-defined]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(outbound, "address_refusal", patched_refusal)
    return pretend


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate (and key) for www.brookvale.example, made with the openssl command."""
    path = tmp_path_factory.mktemp("tls") / "brookvale.pem"
    subprocess.run(
        ["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=www.brookvale.example", "-addext", "subjectAltName=DNS:www.brookvale.example",
         "-keyout", str(path), "-out", str(path.with_suffix(".crt"))],
        check=True, capture_output=True,
    )  # fmt: skip
    path.write_text(path.read_text() + path.with_suffix(".crt").read_text())
    return path


@dataclass
class ProcessServer:
    base: str
    process: "subprocess.Popen[str]"

    def requests(self) -> list[str]:
        """The request lines it logged (stops the server)."""
        self.process.terminate()
        _out, log = self.process.communicate(timeout=10)
        return [line for line in log.splitlines() if '"GET ' in line]


@pytest.fixture
def process_web_server(tmp_path: Path) -> Iterator[ProcessServer]:
    """A web server on 127.0.0.1 in another process, for code that holds Python's lock while it fetches
    (vl-convert does), which would stop a server thread in this process from answering."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "http.server",
        str(port),
        "--bind",
        "127.0.0.1",
        "--directory",
        str(tmp_path),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    server = ProcessServer(base=f"http://127.0.0.1:{port}", process=process)
    yield server
    if process.poll() is None:
        process.kill()
        process.wait()
