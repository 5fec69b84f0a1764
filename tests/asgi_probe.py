"""Start the ASGI application as a production server would, and print its answers to a few requests as JSON.

Run it in a fresh process with production settings in the environment:

    python -m tests.asgi_probe STATIC_ROOT

It collects the static files into STATIC_ROOT (hashed names, as in production; only the stylesheet compressed,
as compressing every file takes most of a minute), then loads `config.asgi:application` as uvicorn does and
sends it requests.
tests/test_deploy_checks.py runs it.
"""

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import django
from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.core.management import call_command

HOST = "coproduce.example.org"
HTTPS = [(b"x-forwarded-proto", b"https")]  # what the TLS proxy adds (docs/deploy.md)


async def get(application: Any, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", HOST.encode()), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(timeout=60)  # the first loads every URL conf
    body = b""
    while True:
        message = await communicator.receive_output(timeout=10)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    return {
        "status": start["status"],
        "headers": {name.decode().lower(): value.decode() for name, value in start["headers"]},
        "body": body.decode(errors="replace"),
    }


async def probe() -> dict[str, Any]:
    from django.templatetags.static import static

    from config.asgi import application

    stylesheet = static("build/coproduce.css")
    return {
        "plain_http": await get(application, "/", []),
        "home": await get(application, "/", HTTPS),
        "sign_in": await get(application, "/accounts/sign-in/", HTTPS),
        "stylesheet_url": stylesheet,
        "stylesheet": await get(application, stylesheet, HTTPS),
        "stylesheet_compressed": await get(
            application, stylesheet, [*HTTPS, (b"accept-encoding", b"gzip, br")]
        ),
    }


def _extensions_collected() -> set[str]:
    from django.contrib.staticfiles.finders import get_finders

    return {
        Path(path).suffix.lstrip(".")
        for finder in get_finders()
        for path, _storage in finder.list(ignore_patterns=[])
    }


def main(static_root: str) -> None:
    django.setup()
    settings.STATIC_ROOT = static_root
    # Compressing each of the several hundred files (most of them the admin's) is what makes collecting slow;
    # the probe compresses the stylesheet only, and checks that it is served compressed.
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = sorted(_extensions_collected() - {"css"})
    call_command("collectstatic", interactive=False, verbosity=0)
    answers = asyncio.run(probe())
    answers["stylesheet"]["body"] = answers["stylesheet"]["body"][:100]
    answers["stylesheet_compressed"].pop("body")
    print(json.dumps(answers))


if __name__ == "__main__":
    main(sys.argv[1])
