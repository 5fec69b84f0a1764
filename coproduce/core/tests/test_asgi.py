"""The ASGI handler runs sync code on threads kept for reuse, never more at once than it has."""

import asyncio
import threading
import time

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path

from coproduce.core.asgi import PooledASGIHandler

_running = 0
_most = 0
_lock = threading.Lock()


def _thread_name(request: HttpRequest) -> HttpResponse:
    global _running, _most
    with _lock:
        _running += 1
        _most = max(_most, _running)
    time.sleep(float(request.GET.get("sleep", "0")))
    with _lock:
        _running -= 1
    return HttpResponse(threading.current_thread().name)


urlpatterns = [path("thread/", _thread_name)]


async def _get(application: PooledASGIHandler, query: bytes = b"") -> str:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/thread/",
        "raw_path": b"/thread/",
        "query_string": query,
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(5)
    assert start["status"] == 200, start
    body = await communicator.receive_output(5)
    await communicator.wait(5)
    return bytes(body["body"]).decode()


@override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"])
@pytest.mark.django_db
def test_requests_reuse_a_few_threads_instead_of_starting_one_each() -> None:
    # given the handler with two threads
    application = PooledASGIHandler(threads=2)

    # when it answers six requests one after the other
    async def six() -> list[str]:
        return [await _get(application) for _ in range(6)]

    names = async_to_sync(six)()

    # then they ran on the pool's threads, not on a new thread each
    assert len(set(names)) <= 2
    assert all(name.startswith("request-") for name in names)


@override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"])
@pytest.mark.django_db
def test_requests_beyond_the_threads_wait_for_one() -> None:
    global _most
    _most = 0
    application = PooledASGIHandler(threads=2)

    # when five slow requests arrive at once
    async def five() -> list[str]:
        return await asyncio.gather(*(_get(application, b"sleep=0.2") for _ in range(5)))

    names = async_to_sync(five)()

    # then all are answered, never more than two at once
    assert len(names) == 5
    assert _most == 2
