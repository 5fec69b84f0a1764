"""Prometheus metrics, read at /metrics (core/operations.py) from an allowed address or with the bearer token.

What is counted: requests (by URL name, method and status class; never the raw path, which holds ids), their
duration, live workshop sockets, votes recorded, and, read from the task table at each scrape, how many tasks
wait in each queue and how long the oldest has waited.

Several processes: when `PROMETHEUS_MULTIPROC_DIR` is set before a process starts, prometheus-client writes
each process's figures to files in that folder, and a scrape of any process on the machine adds them all up
(its multiprocess mode). The web, live and worker services share one folder (deploy/, docs/deploy.md).
"""

import hmac
import ipaddress
import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, Min, When
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# The `_created` series say nothing useful here and would double the output.
disable_created_metrics()  # type: ignore[no-untyped-call]
MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# Not registered globally: each scrape builds its own registry (`metrics_registry`).
REQUESTS = Counter(
    "coproduce_http_requests", "HTTP requests answered", ["route", "method", "status"], registry=None
)
DURATION = Histogram(
    "coproduce_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["route", "method", "status"],
    buckets=BUCKETS,
    registry=None,
)
SOCKETS = Gauge(
    "coproduce_websocket_connections",
    "Open workshop WebSockets",
    ["audience"],
    multiprocess_mode="livesum",
    registry=None,
)
VOTES = Counter("coproduce_votes_recorded", "Workshop votes recorded", ["kind"], registry=None)


def request_observe(*, route: str, method: str, status: int, seconds: float) -> None:
    labels = {
        "route": route,
        "method": method if method in METHODS else "other",
        "status": f"{status // 100}xx",
    }
    REQUESTS.labels(**labels).inc()
    DURATION.labels(**labels).observe(seconds)


def socket_opened(*, audience: str) -> None:
    SOCKETS.labels(audience=audience).inc()


def socket_closed(*, audience: str) -> None:
    SOCKETS.labels(audience=audience).dec()


def votes_recorded(*, kind: str, count: int = 1) -> None:
    """Count `count` votes of `kind` once the transaction that saves them commits."""
    if count:
        transaction.on_commit(partial(VOTES.labels(kind=kind).inc, count))


def task_queues(*, now: datetime | None = None) -> dict[str, tuple[int, float]]:
    """Per configured queue: (tasks ready to run, seconds the oldest of them has been ready)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    ready_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    rows = DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("id"), oldest=Min(ready_since))
    figures = {queue: (0, 0.0) for backend in settings.TASKS.values() for queue in backend.get("QUEUES", [])}
    for row in rows.order_by():
        figures[row["queue_name"]] = (row["n"], max((now - row["oldest"]).total_seconds(), 0.0))
    return figures


class TaskQueueCollector(Collector):
    def collect(self) -> Iterable[Metric]:
        depth = GaugeMetricFamily("coproduce_task_queue_depth", "Tasks ready to run", labels=["queue"])
        age = GaugeMetricFamily(
            "coproduce_task_queue_oldest_age_seconds",
            "How long the oldest ready task has waited",
            labels=["queue"],
        )
        for queue, (count, seconds) in sorted(task_queues().items()):
            depth.add_metric([queue], count)
            age.add_metric([queue], seconds)
        return iter((depth, age))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _forget_stopped_processes(folder: str) -> None:
    """Take the open sockets of processes that have stopped out of the sum. uvicorn ends its processes by
    raising the signal again, so they never run an exit hook; checking at each scrape also covers a crash."""
    for path in Path(folder).glob("gauge_live*_*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            multiprocess.mark_process_dead(int(pid), folder)  # type: ignore[no-untyped-call]


def metrics_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if MULTIPROCESS:
        _forget_stopped_processes(os.environ["PROMETHEUS_MULTIPROC_DIR"])
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        for metric in (REQUESTS, DURATION, SOCKETS, VOTES):
            registry.register(metric)
    registry.register(TaskQueueCollector())
    return registry


def _networks() -> Iterator[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return (ipaddress.ip_network(entry, strict=False) for entry in settings.METRICS_ALLOWED_IPS)


def scrape_allowed(request: HttpRequest) -> bool:
    """From an address in METRICS_ALLOWED_IPS, or with `Authorization: Bearer <METRICS_TOKEN>`."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _networks())


def metrics_response(request: HttpRequest) -> HttpResponse:
    if not scrape_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)
