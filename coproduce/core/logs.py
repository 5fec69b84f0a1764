"""Log lines: JSON in production (`LOG_FORMAT=json`), plain text on a developer's machine.

Every line carries the id of the request it belongs to (`RequestMiddleware` sets it, from nginx's
`X-Request-ID` or a new one) and, in a task worker, the id of the task being run. Nothing personal reaches a
line: the access line names the route pattern, never the path; `RedactFilter` cuts query strings (they may
hold tokens) and email addresses out of every message and traceback, whoever logged it.
"""

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings import this module: it imports nothing from Django when it runs
    from django.http import HttpRequest

request_id: ContextVar[str] = ContextVar("request_id", default="")
task_id: ContextVar[str] = ContextVar("task_id", default="")

_QUERY = re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Fields an access line adds (`extra=`) that go into the JSON object as they are.
EXTRA_FIELDS = ("method", "route", "status", "duration_ms")


def redact(text: str) -> str:
    """`text` without query strings and email addresses."""
    return _EMAIL.sub("[email]", _QUERY.sub(r"\1?[query]", text))


class ContextFilter(logging.Filter):
    """Adds the request id and task id of the code that logged the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.task_id = task_id.get()
        return True


def route_name(request: "HttpRequest") -> str:
    """The URL's name (or its route pattern) for labels and logs; "static" for a static file (WhiteNoise
    answers before URLs are resolved); "unmatched" when no URL matched."""
    if (operation := getattr(request, "operation", None)) is not None:
        return str(operation)
    match = getattr(request, "resolver_match", None)
    if match is None:
        from django.conf import settings  # here: the settings module imports this one

        return "static" if request.path.startswith(settings.STATIC_URL or "/static/") else "unmatched"
    return match.view_name or match.route or "unnamed"


class RedactFilter(logging.Filter):
    """Formats the message once, without query strings or email addresses, and with the URL's name in place
    of the path of the request it is about (Django's "Not Found: /c/<token>/" would show a link's token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if request is not None and isinstance(path, str) and len(path) > 1:
            message = message.replace(path, route_name(request))
        record.msg, record.args = redact(message), ()
        return True


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s %(task_id)s] %(message)s")

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, task_id, and any access fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "task_id", *EXTRA_FIELDS):
            if (value := getattr(record, name, None)) not in (None, ""):
                line[name] = value
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def task_started(sender: object, task_result: Any, **kwargs: Any) -> None:
    """Lines logged while a task runs carry its id (connected to django.tasks' signals in apps.py)."""
    task_id.set(str(task_result.id))


def task_finished(sender: object, task_result: Any, **kwargs: Any) -> None:
    task_id.set("")


def logging_settings(*, fmt: str, level: str) -> dict[str, Any]:
    """The LOGGING setting: one handler on stdout, in `fmt` ("json" or "text")."""
    formatter = "coproduce.core.logs.JsonFormatter" if fmt == "json" else "coproduce.core.logs.TextFormatter"
    quiet = {"handlers": [], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "coproduce.core.logs.ContextFilter"},
            "redact": {"()": "coproduce.core.logs.RedactFilter"},
        },
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "filters": ["context", "redact"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One access line per request, from RequestMiddleware; uvicorn's own would show the raw path.
            "coproduce.access": {"level": "INFO"},
            "uvicorn": {"handlers": ["console"], "level": level, "propagate": False},
            "uvicorn.access": {**quiet, "level": "CRITICAL"},
        },
    }
