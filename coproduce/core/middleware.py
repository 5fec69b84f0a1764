"""The two outermost middlewares (config/settings/base.py puts them first).

`RequestMiddleware` gives each request an id (nginx's `X-Request-ID` when it is well formed, else a new one)
that every log line of the request carries and the response returns; it writes one access line and counts
the request for /metrics, both by URL name, never by path. `OperationsMiddleware` answers /healthz, /readyz
and /metrics before anything else runs: no host check, HTTPS redirect, session, CSRF check or sign-in
limit, so a probe on the server's own address works and costs little.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from . import health, logs, metrics

access_log = logging.getLogger("coproduce.access")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
OPERATIONS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": lambda request: health.liveness_response(),
    "/readyz": lambda request: health.readiness_response(),
    "/metrics": metrics.metrics_response,
}

Handler = Callable[[HttpRequest], HttpResponseBase]


class RequestMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.headers.get("X-Request-ID", "")
        # Not reset on the way out: Django logs a 4xx or 5xx after the middleware returns, and that line must
        # carry the id too. Under ASGI each request runs in a context of its own; elsewhere the next request
        # sets its own id.
        logs.request_id.set(given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex)
        started = time.perf_counter()
        response = self.get_response(request)
        self._record(request, response.status_code, time.perf_counter() - started)
        response["X-Request-ID"] = logs.request_id.get()
        return response

    @staticmethod
    def _record(request: HttpRequest, status: int, seconds: float) -> None:
        route = logs.route_name(request)
        metrics.request_observe(route=route, method=request.method or "", status=status, seconds=seconds)
        if route in OPERATIONS:  # probes every few seconds would drown the log
            return
        duration_ms = round(seconds * 1000, 1)
        fields = {"method": request.method, "route": route, "status": status, "duration_ms": duration_ms}
        access_log.info("%s %s %s %sms", request.method, route, status, duration_ms, extra=fields)


class OperationsMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        operation = OPERATIONS.get(request.path_info)
        if operation is None:
            return self.get_response(request)
        request.operation = request.path_info  # type: ignore[attr-defined]
        if request.method not in {"GET", "HEAD"}:
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return operation(request)
