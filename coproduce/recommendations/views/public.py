"""The personal endorsement link (no account): a tampered token answers 400, a closed round 410.

Neither changes anything. `link_project` (not `project`) goes to the template, so no team navigation shows.
Opening the link again shows the person's latest answers, which they can change until the round closes.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.forms import form_add_service_errors
from coproduce.core.languages import language_choose
from coproduce.people.services import stakeholder_language_set

from ..forms.recommendations import EndorsementForm
from ..selectors.endorsement import (
    EndorsementLink,
    endorsement_answers,
    endorsement_recommendations,
    endorsement_resolve,
)
from ..services.endorsement import endorsement_submit


def _refused(request: HttpRequest, state: EndorsementLink) -> HttpResponse:
    status = 400 if state == EndorsementLink.TAMPERED else 410
    return render(request, "components/round_link_refused.html", {"state": state.value}, status=status)


def endorsement_open(request: HttpRequest, token: str) -> HttpResponse:
    state, invite = endorsement_resolve(token=token)
    if state != EndorsementLink.VALID or invite is None:
        return _refused(request, state)
    form = EndorsementForm(
        request.POST if request.method == "POST" else None,
        recommendations=endorsement_recommendations(invite=invite),
        earlier=endorsement_answers(invite=invite),
        notify_updates=invite.notify_updates,
    )
    if request.method == "POST" and form.is_valid():
        try:
            endorsement_submit(
                invite=invite, positions=form.positions, notify_updates=form.cleaned_data["notify_updates"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("endorsement_public:endorsement_done", token=token)
    context = {"form": form, "invite": invite, "link_project": invite.round.project, "round": invite.round}
    return render(request, "recommendations/public/endorsement_form.html", context)


@require_POST
def endorsement_language(request: HttpRequest, token: str) -> HttpResponse:
    """The language chooser on the link's pages: the page turns to the language, and while the link works
    its person has it recorded as the one their emails are written in."""
    response, chosen = language_choose(request)
    state, invite = endorsement_resolve(token=token)
    if chosen and state == EndorsementLink.VALID and invite is not None:
        code = invite.stakeholder.code
        stakeholder_language_set(
            stakeholder=invite.stakeholder, language=chosen, by=None, actor_label=f"participant {code}"
        )
    return response


def endorsement_done(request: HttpRequest, token: str) -> HttpResponse:
    state, invite = endorsement_resolve(token=token)
    if state == EndorsementLink.TAMPERED or invite is None:
        return _refused(request, state)
    context = {
        "link_project": invite.round.project,
        "token": token,
        "round": invite.round,
        "open": state == EndorsementLink.VALID,
    }
    return render(request, "recommendations/public/endorsement_done.html", context)
