"""The copy of the take-part page a phone keeps for a reload without signal (take_part_worker.js).

The server decides what may be kept: the take-part page marks its answer `Offline-Copy: keep`, and the
middleware takes the mark off again when the answer sets a cookie the browser did not already hold with that
value, or the request comes from someone signed in, so that a copy never carries a new identity, a team
member's page or anything of theirs. (Django sends the CSRF cookie again on every page with a form, with the
same value, only to renew it: that one does not count.) The worker
keeps nothing without the mark, and forgets the workshop's copy on any other answer of that page.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

HEADER = "Offline-Copy"
KEEP = "keep"
MAX_AGE_HOURS = 12  # a copy older than this is never shown (the participant cookie lasts two days)

Handler = Callable[[HttpRequest], HttpResponseBase]


def offline_copy_allow(response: HttpResponseBase) -> HttpResponseBase:
    """Mark a participant's take-part page as one the phone may keep a copy of."""
    if response.status_code == 200:
        response[HEADER] = KEEP
    return response


class OfflineCopyMiddleware:
    """Takes the mark off an answer that sets a new cookie or is for someone signed in. It sits above the
    session, CSRF and message middlewares, so it sees the cookies they set."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if HEADER in response and (_sets_new_cookie(request, response) or _signed_in(request)):
            del response[HEADER]
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _sets_new_cookie(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the answer sets (or deletes) a cookie other than as the browser already holds it."""
    return any(request.COOKIES.get(name) != morsel.value for name, morsel in response.cookies.items())
