"""The script of the phone's service worker (templates/workshops/public/take_part_worker.js).

Served by the app at /w/take-part-worker.js, so that its scope can be one workshop's pages and never wider
than /w/ (Service-Worker-Allowed): the team's pages are never controlled by it. The browser checks it again
on every registration and navigation (no-cache), so a new release reaches phones at once.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..offline_copy import MAX_AGE_HOURS

WORKER_VERSION = "1"  # the name of the worker's cache of static files: a new one drops the old files


@require_GET
def take_part_worker(request: HttpRequest) -> HttpResponse:
    context = {"static_url": settings.STATIC_URL, "max_age_hours": MAX_AGE_HOURS, "version": WORKER_VERSION}
    response = render(
        request,
        "workshops/public/take_part_worker.js",
        context,
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = reverse("workshops_public:join")
    response["Cache-Control"] = "no-cache"
    return response
