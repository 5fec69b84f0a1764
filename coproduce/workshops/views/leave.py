"""Leaving a workshop from one's phone (a shared phone, passed on): a page that says what leaving does, and
its button.

The GET only shows the page. The POST ends the participant's link to this phone (`participant_leave`),
takes the cookie off and sends the phone to the take-part page, which, as for anyone who is not in the
workshop, sends it on to the join page: that answer is what makes the phone's service worker forget its
copy of the page (take_part_worker.js), the same way as when a facilitator removes someone. The answers
still waiting on the phone are forgotten by take-part-leave.js as the button is pressed.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ..identity import participant_cookie_name, participant_from_cookies
from ..models import WorkshopStatus
from ..services.participation import participant_leave

LEFT = _(
    "You have left the workshop. Everything you added is kept. Someone else can now join from this phone."
)


@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, join_code: str) -> HttpResponse:
    participant = participant_from_cookies(join_code=join_code, cookies=request.COOKIES)
    if participant is None or participant.workshop.status != WorkshopStatus.LIVE:
        # not in this live workshop (any more): the take-part page says what applies
        return redirect("workshops_public:take_part", join_code=join_code)
    workshop = participant.workshop
    if request.method == "GET":
        context = {"workshop": workshop, "participant": participant}
        return render(request, "workshops/public/participant_leave.html", context)
    participant_leave(participant=participant)
    messages.success(request, LEFT)
    response = redirect("workshops_public:take_part", join_code=workshop.join_code)
    response.delete_cookie(participant_cookie_name(workshop=workshop), samesite="Lax")
    return response
