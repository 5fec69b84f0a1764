"""Joining a workshop by its code, with no account: the code form, the join form, the QR code of the link.

A participant is remembered by a signed cookie (identity.py), so coming back after losing signal skips the
join form and keeps the same identity. The browser also gets a device cookie on the join page: joining
again from it gives back the same participant, and joins are limited per device and per network address
(joinlimit.py); over the limit the answer is a 429 page and nothing is stored. `link_project` (not
`project`) goes to the templates, so the team's navigation is not shown.
"""

import io
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from coproduce.core.forms import form_add_service_errors

from ..forms.participant import JoinCodeForm, JoinForm
from ..identity import (
    DEVICE_COOKIE,
    MAX_AGE_SECONDS,
    device_id,
    device_id_new,
    device_key,
    participant_cookie_name,
    participant_from_cookie,
    participant_token,
)
from ..joinlimit import join_limit_hit
from ..models import Participant, Workshop, WorkshopStatus
from ..ratelimit import RateLimited
from ..selectors.participation import workshop_for_code
from ..services.participation import participant_join

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # the type of a lazily translated message

WRONG_CODE = _("There is no workshop with that code. Check the code on the screen and try again")
ENDED = _("That workshop has ended, so you cannot join it any more")
NOT_STARTED = _("That workshop has not started yet. Try again when the facilitator says so")


def participant_current(request: HttpRequest, workshop: Workshop) -> Participant | None:
    """The participant this browser joined `workshop` as, from its signed cookie."""
    return participant_from_cookie(workshop=workshop, cookies=request.COOKIES)


def _code_problem(workshop: Workshop | None) -> "StrOrPromise":
    if workshop is None:
        return WRONG_CODE
    if workshop.status == WorkshopStatus.ENDED:
        return ENDED
    return NOT_STARTED if workshop.status != WorkshopStatus.LIVE else ""


def join(request: HttpRequest) -> HttpResponse:
    """Enter the code shown in the room; nothing is stored until the join form is sent."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = workshop_for_code(join_code=form.cleaned_data["code"])
        if not (problem := _code_problem(workshop)) and workshop is not None:
            return redirect("workshops_public:join_workshop", join_code=workshop.join_code)
        form.add_error("code", problem)
    status = 400 if form.errors else 200
    return render(request, "workshops/public/join.html", {"form": form}, status=status)


def workshop_closed(request: HttpRequest, workshop: Workshop | None, *, thanks: bool = False) -> HttpResponse:
    """The page for a code that names no live workshop: 404 when unknown, 410 when not running.

    `thanks` for someone who took part: the workshop they were in has ended (or not restarted).
    """
    ended = thanks and workshop is not None and workshop.status == WorkshopStatus.ENDED
    context = {
        "problem": _code_problem(workshop),
        "thanks": ended,
        "link_project": workshop.project if workshop else None,
    }
    return render(request, "workshops/public/join_closed.html", context, status=410 if workshop else 404)


def join_workshop(request: HttpRequest, join_code: str) -> HttpResponse:
    workshop = workshop_for_code(join_code=join_code)
    if workshop is None or workshop.status != WorkshopStatus.LIVE:
        return workshop_closed(request, workshop)
    if workshop.join_code != join_code:
        return redirect("workshops_public:join_workshop", join_code=workshop.join_code)
    if participant_current(request, workshop) is not None:
        return redirect("workshops_public:take_part", join_code=workshop.join_code)
    device = device_id(cookies=request.COOKIES) or device_id_new()
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = device_key(workshop=workshop, device=device)
        try:
            join_limit_hit(workshop=workshop, device_key=key, address=client_address(request))
            participant = participant_join(workshop=workshop, device_key=key, **form.cleaned_data)
        except RateLimited as error:
            context = {"problem": error.messages[0], "workshop": workshop, "link_project": workshop.project}
            return _with_device(
                render(request, "workshops/public/join_limited.html", context, status=429), device
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return _with_device(_joined(workshop, participant), device)
    context = {"form": form, "workshop": workshop, "link_project": workshop.project}
    response = render(
        request, "workshops/public/join_workshop.html", context, status=400 if form.errors else 200
    )
    return _with_device(response, device)


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind the reverse proxy, uvicorn (`--proxy-headers
    --forwarded-allow-ips`) has already put the client's address from X-Forwarded-For here, and only when
    the proxy is trusted; the header itself is never read, as anyone can send it."""
    return str(request.META.get("REMOTE_ADDR", ""))


def _cookie(response: HttpResponse, name: str, value: str) -> HttpResponse:
    response.set_cookie(
        name,
        value,
        max_age=MAX_AGE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _with_device(response: HttpResponse, device: str) -> HttpResponse:
    """The response, giving the browser its device id (again, so it lasts two days from the last visit)."""
    return _cookie(response, DEVICE_COOKIE, device)


def _joined(workshop: Workshop, participant: Participant) -> HttpResponse:
    response = redirect("workshops_public:take_part", join_code=workshop.join_code)
    return _cookie(
        response, participant_cookie_name(workshop=workshop), participant_token(participant=participant)
    )


@require_GET
def join_qr(request: HttpRequest, join_code: str) -> HttpResponse:
    """An SVG QR code of the workshop's join address, for the projector and printed handouts."""
    workshop = workshop_for_code(join_code=join_code)
    if workshop is None or workshop.status == WorkshopStatus.ENDED:
        raise Http404("No such workshop.")
    url = request.build_absolute_uri(reverse("workshops_public:join_workshop", args=[workshop.join_code]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", title=f"QR code to join: {url}", scale=8, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
