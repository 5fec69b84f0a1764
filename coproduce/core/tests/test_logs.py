"""Log lines: JSON with the request id (or task id), and nothing personal."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.tasks import task

from coproduce.core.logs import ContextFilter, JsonFormatter, RedactFilter, TextFormatter, logging_settings

logger = logging.getLogger("coproduce.tests.logs")


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the production handler writes (the configured formatter and filters), for every logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("coproduce.access", "coproduce.tests.logs")}
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_access_line_is_json_with_the_request_id_and_without_the_query_string(client, json_lines):
    # when a page is asked for with a token in its query string, through nginx (which sets X-Request-ID)
    response = client.get(
        "/accounts/sign-in/?token=s3cret-personal-link&email=ann@example.org",
        HTTP_X_REQUEST_ID="0f8e2a4c9b7d4e11a2b3c4d5e6f70819",
    )

    # then each line is JSON, and the access line carries the request id and the route, not the path
    (access,) = [line for line in _lines(json_lines) if line["logger"] == "coproduce.access"]
    assert access["request_id"] == "0f8e2a4c9b7d4e11a2b3c4d5e6f70819"
    assert access["route"] == "accounts:login"
    assert access["status"] == 200
    assert access["method"] == "GET"
    assert response["X-Request-ID"] == "0f8e2a4c9b7d4e11a2b3c4d5e6f70819"
    # and nothing the browser sent in the query string is written
    assert "s3cret" not in json_lines.getvalue()
    assert "ann@example.org" not in json_lines.getvalue()


@pytest.mark.django_db
def test_a_request_without_a_well_formed_id_gets_a_new_one(client, json_lines):
    response = client.get("/accounts/sign-in/", HTTP_X_REQUEST_ID='x"\n{"level": "CRITICAL"}')

    (access,) = [line for line in _lines(json_lines) if line["logger"] == "coproduce.access"]
    assert len(access["request_id"]) == 32
    assert response["X-Request-ID"] == access["request_id"]
    assert "CRITICAL" not in json_lines.getvalue()


def test_query_strings_and_email_addresses_are_cut_from_any_message_and_traceback(json_lines):
    # given code that logs a path with its query string, an email address and an error that quotes one
    try:
        raise ValueError("Key (email)=(bob@example.org) already exists")
    except ValueError:
        logger.exception("Could not open /c/abc/?token=s3cret for %s", "carol@example.org")

    # then the line is JSON without any of them
    (line,) = _lines(json_lines)
    assert line["level"] == "ERROR"
    assert line["message"] == "Could not open /c/abc/?[query] for [email]"
    assert "bob@example.org" not in line["exception"]
    assert "ValueError" in line["exception"]


@task()
def log_something() -> None:
    logger.info("Building the report")


@pytest.mark.django_db
def test_lines_logged_in_a_task_carry_its_id(json_lines):
    result = log_something.enqueue()

    (line,) = [line for line in _lines(json_lines) if line["logger"] == "coproduce.tests.logs"]
    assert line["task_id"] == str(result.id)
    # and lines after the task carry none
    logger.info("After the task")
    assert "task_id" not in _lines(json_lines)[-1]


def test_text_format_for_developers_and_json_in_production():
    assert logging_settings(fmt="text", level="INFO")["formatters"]["default"]["()"].endswith("TextFormatter")
    assert logging_settings(fmt="json", level="INFO")["formatters"]["default"]["()"].endswith("JsonFormatter")
    # uvicorn's access log, which writes the raw path and query string, is silenced
    assert logging_settings(fmt="json", level="INFO")["loggers"]["uvicorn.access"]["handlers"] == []


def test_text_formatter_writes_the_request_id():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "Slow page", (), None)
    record.request_id, record.task_id = "abc123", ""

    assert "[abc123 ] Slow page" in TextFormatter().format(record)


@pytest.mark.django_db
def test_djangos_not_found_line_names_the_url_not_the_path_with_its_token(client, json_lines):
    # given a personal link's address with a token that is wrong, and one that matches no URL at all
    client.get("/c/s3cret-link-token/")
    client.get("/no-such-page/s3cret-typo/")

    # then any line Django writes about them holds no token, and carries the request's id
    assert "s3cret" not in json_lines.getvalue()
    (not_found,) = [line for line in _lines(json_lines) if line["message"] == "Not Found: unmatched"]
    access = [line for line in _lines(json_lines) if line["logger"] == "coproduce.access"]
    assert not_found["request_id"] == access[-1]["request_id"]
