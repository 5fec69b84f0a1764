"""Production settings: secrets and hosts from the environment, HTTPS everywhere."""

from coproduce.core.logs import logging_settings

from .base import *  # noqa: F403
from .base import LOG_LEVEL, SILENCED_SYSTEM_CHECKS, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Preloading HSTS is for the owner of the whole domain to decide (SECURE_HSTS_PRELOAD=true), not a default.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]

# PostgreSQL: keep a pool of open connections in each app process (psycopg-pool), rather than opening one per
# request, which costs several milliseconds of the database's time each: it matters when a room votes at once.
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"] == "django.db.backends.postgresql" and env.bool("DATABASE_POOL", default=True):
    _database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": env.int("DATABASE_POOL_SIZE", default=20),
        "timeout": 10,
    }

# JSON lines on stdout, for journald or a log collector, unless LOG_FORMAT=text.
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = logging_settings(fmt=LOG_FORMAT, level=LOG_LEVEL)
