"""/metrics: the figures change with what happens, and only allowed scrapers may read them."""

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from coproduce.core import metrics

ROOT = Path(__file__).resolve().parents[3]


def _scrape(client, **headers) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _requests(samples, route: str, status: str = "2xx") -> float:
    key = ("coproduce_http_requests_total", (("method", "GET"), ("route", route), ("status", status)))
    return samples.get(key, 0.0)


@pytest.mark.django_db
def test_requests_are_counted_by_url_name_and_status_class_never_by_path(client):
    before = _scrape(client)

    # when a page is visited twice and a path that matches no URL once
    client.get("/accounts/sign-in/")
    client.get("/accounts/sign-in/?next=/p/4f9c1b5e-0000-4000-8000-000000000001/")
    client.get("/no-such-page/8472913/")
    after = _scrape(client)

    # then the page's count rose by two under its URL name, and the other under "unmatched"
    assert _requests(after, "accounts:login") - _requests(before, "accounts:login") == 2
    assert _requests(after, "unmatched", "4xx") - _requests(before, "unmatched", "4xx") == 1
    count = (
        "coproduce_http_request_duration_seconds_count",
        (("method", "GET"), ("route", "accounts:login"), ("status", "2xx")),
    )
    assert after[count] - before.get(count, 0.0) == 2
    # and no raw path or id appears in any label
    text = client.get("/metrics").content.decode()
    assert "8472913" not in text
    assert "4f9c1b5e" not in text
    assert "sign-in" not in text


@pytest.mark.django_db
def test_static_files_are_counted_as_static(client):
    before = _scrape(client)

    assert client.get("/static/js/take-part.js").status_code == 200

    assert _requests(_scrape(client), "static") - _requests(before, "static") == 1


@pytest.mark.django_db
def test_an_unknown_method_is_counted_as_other(client):
    client.generic("BREW", "/accounts/sign-in/")

    text = client.get("/metrics").content.decode()
    assert 'method="other"' in text
    assert "BREW" not in text


def _task(queue: str, waited: timedelta, **fields) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="coproduce.reports.tasks.report_build",
        backend_name="default",
        queue_name=queue,
        exception_class_path="",
        traceback="",
        **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


@pytest.mark.django_db
def test_queue_depth_and_oldest_age_are_read_from_the_task_table(client):
    # given two tasks waiting on "default", one on "email", one already done and one deferred to tomorrow
    _task("default", timedelta(minutes=5))
    _task("default", timedelta(seconds=10))
    _task("email", timedelta(seconds=30))
    _task("email", timedelta(hours=2), status="SUCCESSFUL")
    _task("email", timedelta(hours=3), run_after=timezone.now() + timedelta(days=1))

    samples = _scrape(client)

    # then only ready tasks count, and the age is the oldest one's
    assert samples[("coproduce_task_queue_depth", (("queue", "default"),))] == 2
    assert samples[("coproduce_task_queue_depth", (("queue", "email"),))] == 1
    assert 295 <= samples[("coproduce_task_queue_oldest_age_seconds", (("queue", "default"),))] < 400
    assert 25 <= samples[("coproduce_task_queue_oldest_age_seconds", (("queue", "email"),))] < 120


@pytest.mark.django_db
def test_an_empty_queue_reports_zero(client):
    samples = _scrape(client)

    assert samples[("coproduce_task_queue_depth", (("queue", "email"),))] == 0
    assert samples[("coproduce_task_queue_oldest_age_seconds", (("queue", "email"),))] == 0


@pytest.mark.django_db
def test_metrics_are_refused_to_an_address_not_allowed(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 403
    assert b"coproduce_" not in response.content


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="a-long-random-scrape-token")
@pytest.mark.parametrize(
    "authorization", ["", "Bearer wrong-token", "a-long-random-scrape-token", "Basic a-long"]
)
def test_metrics_are_refused_without_the_right_bearer_token(client, authorization):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=authorization)

    assert response.status_code == 403
    assert b"coproduce_" not in response.content


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="a-long-random-scrape-token")
def test_metrics_are_served_with_the_bearer_token_from_anywhere(client):
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer a-long-random-scrape-token"
    )

    assert response.status_code == 200
    assert b"coproduce_task_queue_depth" in response.content


@pytest.mark.django_db
@override_settings(METRICS_ALLOWED_IPS=["10.20.0.0/16"])
def test_metrics_are_served_to_an_allowed_network(client):
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.21.3.4").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_metrics_are_not_counted_by_a_default_registry():
    # The module's figures are read through a registry built for each scrape, so one process never shows
    # another's figures twice, in either mode.
    assert metrics.metrics_registry() is not metrics.metrics_registry()


MULTIPROCESS_CHILD = textwrap.dedent(
    """
    import os
    import sys
    import django
    django.setup()
    from coproduce.core import metrics
    if sys.argv[1] == "vote":
        metrics.votes_recorded(kind="statement", count=3)
        metrics.socket_opened(audience="people")
        metrics.socket_opened(audience="people")
        metrics.socket_closed(audience="people")
        os._exit(0)  # as uvicorn ends a process, or a crash: no exit hook runs
    else:
        from prometheus_client import generate_latest
        metrics.task_queues = lambda **kwargs: {}  # the task table is tested on its own
        metrics.socket_opened(audience="people")
        sys.stdout.write(generate_latest(metrics.metrics_registry()).decode())
    """
)


def test_multiprocess_mode_adds_up_the_figures_of_every_process(tmp_path):
    # given PROMETHEUS_MULTIPROC_DIR, as the systemd units set it
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",  # on_commit asks an empty database
    )
    (tmp_path / "metrics").mkdir()

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", MULTIPROCESS_CHILD, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    # when two processes record votes and open sockets, and stop without any clean-up; then a third opens a
    # socket and scrapes
    run("vote")
    run("vote")
    text = run("scrape")

    # then the scrape adds up both processes' votes
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("coproduce_votes_recorded_total", (("kind", "statement"),))] == 6
    # and counts the open socket of the running process, not those of the processes that stopped
    assert samples[("coproduce_websocket_connections", (("audience", "people"),))] == 1
