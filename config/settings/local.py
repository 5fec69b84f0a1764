"""Settings for a developer's machine and the demo: DEBUG on, static files served from the source folders."""

from .base import *  # noqa: F403

DEBUG = True
# The demo keeps every message it sends and shows it on the "Mail outbox" page (docs/deploy.md).
MAIL_OUTBOX = env.bool("MAIL_OUTBOX", default=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# The demo runs a web server and a task worker: without Redis, they share a cache on disk, so the progress
# the worker reports is seen by the pages.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / ".cache",  # noqa: F405
        }
    }
