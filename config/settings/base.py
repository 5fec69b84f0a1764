"""Settings shared by every environment; whatever differs between machines comes from the environment."""

import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from coproduce.core.logs import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env("SITE_NAME", default="coproduce")
# The public address, for links in emails sent outside a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "coproduce.core",
    "coproduce.accounts",
    "coproduce.projects",
    "coproduce.jobs",
    "coproduce.people",
    "coproduce.consent",
    "coproduce.evidence",
    "coproduce.context",
    "coproduce.interviews",
    "coproduce.analysis",
    "coproduce.extraction",
    "coproduce.workshops",
    "coproduce.frameworks",
    "coproduce.recommendations",
    "coproduce.reports",
    "coproduce.dashboard",
]

MIDDLEWARE = [
    # Request id, access line and request metrics; then /healthz, /readyz and /metrics, answered before the
    # host check and the HTTPS redirect (coproduce/core/middleware.py).
    "coproduce.core.middleware.RequestMiddleware",
    "coproduce.core.middleware.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session, CSRF and message middlewares: sees the cookies they set (workshops/offline_copy.py).
    "coproduce.workshops.offline_copy.OfflineCopyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Each page's language: the chooser's cookie, else the browser's Accept-Language (docs/translations.md).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
# Threads per server process that run requests' synchronous code, kept for reuse (coproduce/core/asgi.py).
ASGI_THREADS = env.int("ASGI_THREADS", default=8)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coproduce.core.context_processors.site",
            ],
            "builtins": [
                "coproduce.core.templatetags.govuk",
                "coproduce.core.templatetags.prose",
                "coproduce.core.templatetags.written",
            ],
        },
    },
]
FORM_RENDERER = "coproduce.core.forms.GovukFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long work (report builds, large imports, email, result snapshots) runs as tasks (django.tasks) in a
# separate worker process, `manage.py jobs_worker`, which takes them from a table in the main database: a task
# is queued in the same transaction as the change that asked for it (docs/adr/0007-task-layer.md).
# TASKS_BACKEND=immediate runs each task inside the process that queues it, as a web request: no worker, no
# retries after a delay; only for measuring the difference (bench/mixed_load) or a one-person trial.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[env("TASKS_BACKEND", default="database")],
        "QUEUES": ["default", "email"],
    }
}

JOB_RESULT_DAYS = env.int("JOB_RESULT_DAYS", default=7)  # files made by background work are kept this long
JOB_KEEP_DAYS = env.int("JOB_KEEP_DAYS", default=90)  # the record of finished work is kept this long
# The smallest number of people the public sees counted (by sector, position ...): fewer reads "fewer than 5"
# (coproduce/core/small_counts.py).
PUBLIC_MIN_COUNT = env.int("PUBLIC_MIN_COUNT", default=5)
# The report page keeps its document in the cache (Redis in production) while nothing it is made from changes,
# for at most this many seconds; 0 builds it on every view (coproduce/reports/selectors/page_document.py).
REPORT_PAGE_CACHE_SECONDS = env.int("REPORT_PAGE_CACHE_SECONDS", default=24 * 3600)
# A file of records bigger than this is imported by a job in the worker, not in the upload's request. 4 MB is
# about 2,400 records exported from a database (about 1.7 kB each), which take about 2 s to import
# (docs/evidence-import.md).
IMPORT_IN_BACKGROUND_BYTES = env.int("IMPORT_IN_BACKGROUND_BYTES", default=4_000_000)
# A CSV file of more rows than this is imported into the stakeholder register by a job, not in the upload's
# request. The cost is per row, whatever the row holds, so rows are counted, not bytes: 500 people take about
# 2 s on a busy machine (docs/people.md, bench/register_import.py).
REGISTER_IMPORT_IN_BACKGROUND_ROWS = env.int("REGISTER_IMPORT_IN_BACKGROUND_ROWS", default=500)

REDIS_URL = env("REDIS_URL", default="")
# Every request's cache object shares the process's connections to Redis (coproduce/core/redis_pool.py).
REDIS_CACHE_OPTIONS = {"pool_class": "coproduce.core.redis_pool.SharedConnectionPool"}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }

# Live workshop updates (coproduce/workshops/broadcast.py): Redis carries them between server processes, over
# its publish/subscribe channels (docs/adr/0010-channel-layer-pubsub.md); without it they stay inside one
# process, which is enough for one uvicorn worker and for the tests.
_CHANNEL_HOSTS = [{"address": REDIS_URL, "socket_timeout": 10}]
CHANNEL_LAYERS = (
    {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": _CHANNEL_HOSTS},
        }
    }
    if REDIS_URL
    else {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "projects:project_list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock an account out after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Locking by IP address would lock out a whole council or charity office behind one shared address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Email: the console by default; EMAIL_URL=smtp+tls://user:password@host:587 sends through SMTP.
# Every message is queued as a job of its own (the default mailer) and the task worker delivers it through
# the "outgoing" mailer, trying a server it cannot reach three times (coproduce/jobs/email.py).
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp = _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
MAILERS = {
    "default": {"BACKEND": "coproduce.jobs.email.QueueBackend"},
    "outgoing": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            "host": _email.get("EMAIL_HOST", ""),
            "port": _email.get("EMAIL_PORT") or 25,
            "username": _email.get("EMAIL_HOST_USER", ""),
            "password": _email.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": bool(_email.get("EMAIL_USE_TLS")),
            "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
            "timeout": 30,  # seconds; a server that does not answer is tried again later
        }
        if _smtp
        else {},
    },
}
# The mail outbox keeps a copy of every message sent and shows it on the "Mail outbox" pages (leads see their
# project's, site staff see all). The demo's settings turn it on; anywhere else it stays off unless
# MAIL_OUTBOX=true, since the copies hold working personal links (docs/deploy.md).
MAIL_OUTBOX = env.bool("MAIL_OUTBOX", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="coproduce <no-reply@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The languages participants' pages are offered in, each named in its own language for the chooser; the
# catalogues are locale/<code>/LC_MESSAGES/django.po (docs/translations.md). Punjabi is written in Gurmukhi.
LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Cymraeg"),
    ("pl", "Polski"),
    ("ur", "اردو"),
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("pa", "ਪੰਜਾਬੀ"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise streams static files with a synchronous iterator; under ASGI Django warns on each file.
# The files are small and served correctly, so the warning says nothing useful.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")
# Uploaded files: a folder (MEDIA_ROOT, shared by every app server) or an S3-compatible bucket. Either way the
# app reads and writes them through `default_storage` and hands them out itself, after checking who asks.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
_S3_OPTIONS = {
    "bucket_name": env("AWS_STORAGE_BUCKET_NAME", default=""),
    "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),  # for MinIO and other S3-compatible stores
    "region_name": env("AWS_S3_REGION_NAME", default=None),
    "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),  # "path" for most MinIO set-ups
    "location": env("AWS_LOCATION", default=""),
    "default_acl": "private",
    "querystring_auth": True,  # any URL made for a file is signed and expires
    "querystring_expire": 300,
    # A new file never replaces one of the same name: a failed save must not destroy the file it replaces.
    "file_overwrite": False,
    # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or the machine's role.
}
_MEDIA_BACKENDS = {
    "filesystem": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "s3": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS},
}
if MEDIA_STORAGE not in _MEDIA_BACKENDS:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be one of {', '.join(_MEDIA_BACKENDS)}.")
if MEDIA_STORAGE == "s3" and not _S3_OPTIONS["bucket_name"]:
    raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
STORAGES = {
    "default": _MEDIA_BACKENDS[MEDIA_STORAGE],
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],  # the phone's copy of the take-part page (workshops/views/offline.py)
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12

# Personal consent links expire after this many days (workshop invitation links at the end of the
# workshop's day: coproduce/workshops/identity.py).
PERSONAL_LINK_MAX_AGE_DAYS = env.int("PERSONAL_LINK_MAX_AGE_DAYS", default=30)

# Joining a workshop without an account (coproduce/workshops/joinlimit.py): attempts per browser and per
# network address, per workshop, in each window. The address limit lets a hall of 300 behind one venue
# network all join.
WORKSHOP_JOIN_DEVICE_LIMIT = env.int("WORKSHOP_JOIN_DEVICE_LIMIT", default=5)
WORKSHOP_JOIN_ADDRESS_LIMIT = env.int("WORKSHOP_JOIN_ADDRESS_LIMIT", default=400)
WORKSHOP_JOIN_WINDOW = env.int("WORKSHOP_JOIN_WINDOW", default=600)


# Log lines on stdout: plain text here, JSON lines in production (LOG_FORMAT=json), each with its request id
# or task id and nothing personal (coproduce/core/logs.py).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="WARNING")
LOGGING = logging_settings(fmt=LOG_FORMAT, level=LOG_LEVEL)

# /metrics (coproduce/core/metrics.py) answers these addresses or networks, and any request that carries
# `Authorization: Bearer <METRICS_TOKEN>` when a token is set.
METRICS_ALLOWED_IPS: list[str] = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# REFI-QDA schemas (Project.xsd, Codebook.xsd) for checking files exchanged with NVivo, ATLAS.ti, MAXQDA and
# QualCoder. Files are read without the check (and say so) when the folder does not hold them.
REFI_QDA_SCHEMA_DIR = env("REFI_QDA_SCHEMA_DIR", default=str(BASE_DIR.parent / "shared/data/refi-qda"))

# Limits on every uploaded file that is a zip inside (Word .docx transcripts, REFI-QDA .qdpx projects):
# what it may expand to in all and per part when unzipped, how many parts it may hold, and how far one
# part may have been compressed (Word and Excel files stay well under 100 to 1; zip bombs are far above).
# A file over a limit is refused before it is read, with a message that names the limit.
ARCHIVE_MAX_EXPANDED_BYTES = env.int("ARCHIVE_MAX_EXPANDED_BYTES", default=50 * 1024 * 1024)
ARCHIVE_MAX_ENTRY_BYTES = env.int("ARCHIVE_MAX_ENTRY_BYTES", default=50 * 1024 * 1024)
ARCHIVE_MAX_ENTRIES = env.int("ARCHIVE_MAX_ENTRIES", default=10_000)
ARCHIVE_MAX_RATIO = env.int("ARCHIVE_MAX_RATIO", default=100)
# A REFI-QDA project carries the text of every transcript, so it may expand further.
REFI_QDA_MAX_EXPANDED_BYTES = env.int("REFI_QDA_MAX_EXPANDED_BYTES", default=200 * 1024 * 1024)
# Reading a page from a web address a user typed (coproduce/core/outbound.py, docs/evidence-import.md).
OUTBOUND_FETCH_PORTS = (80, 443)
OUTBOUND_FETCH_TIMEOUT = 5.0  # seconds to connect, and to wait for each part of the answer
OUTBOUND_FETCH_DEADLINE = 10.0  # seconds for the whole fetch, redirects included
OUTBOUND_FETCH_MAX_BYTES = 2 * 1024 * 1024
OUTBOUND_FETCH_MAX_REDIRECTS = 3
