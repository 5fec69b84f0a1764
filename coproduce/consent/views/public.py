"""The personal-link pages a participant opens without an account: answer, see choices, withdraw.

A tampered token answers 400, an expired or revoked link 410, a link whose person was erased 410;
none of them changes anything, for GET or POST. `link_project` (not `project`) is passed to the
templates so that the team's navigation is not shown.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.languages import language_choose
from coproduce.people.services import stakeholder_language_set

from .. import selectors, services
from ..forms import ParticipantAnswersForm, WithdrawChoice, WithdrawConfirmForm, WithdrawForm
from ..models import ConsentKind, ConsentMethod, ErasureReason, PersonalLink
from ..selectors import LinkState

_INVALID_TEMPLATES = {
    LinkState.TAMPERED: ("consent/public/link_invalid.html", 400),
    LinkState.EXPIRED: ("consent/public/link_expired.html", 410),
    LinkState.GONE: ("consent/public/link_gone.html", 410),
}


def _open(request: HttpRequest, token: str) -> tuple[PersonalLink | None, HttpResponse | None]:
    """The usable link of a token, or the page that says why it cannot be used."""
    resolution = selectors.personal_link_resolve(token=token)
    if resolution.state is LinkState.VALID and resolution.link is not None:
        return resolution.link, None
    template, status = _INVALID_TEMPLATES[resolution.state]
    # The team contact comes from the consent form: never anything about the person.
    contact = resolution.link.form.team_contact if resolution.link else ""
    return None, render(request, template, {"team_contact": contact}, status=status)


def _context(link: PersonalLink, token: str, **extra: Any) -> dict[str, Any]:
    status = selectors.consent_status(stakeholder=link.stakeholder)
    choices = [(s, status.get(s.scope)) for s in link.form.statements.all()]
    answered = any(event is not None for _, event in choices)
    return {
        "link_project": link.form.project,
        "consent_form": link.form,
        "token": token,
        "choices": choices,
        "answered": answered,
        "given_kind": ConsentKind.GIVEN,
        **extra,
    }


def _initial(link: PersonalLink) -> dict[str, str]:
    status = selectors.consent_status(stakeholder=link.stakeholder)
    return {
        scope: "yes" if event.kind == ConsentKind.GIVEN else "no" for scope, event in status.items() if event
    }


def personal_link_open(request: HttpRequest, token: str) -> HttpResponse:
    link, invalid = _open(request, token)
    if link is None:
        assert invalid is not None  # noqa: S101 narrows the type; never false when the code is right
        return invalid
    form = ParticipantAnswersForm(
        request.POST if request.method == "POST" else None, consent_form=link.form, initial=_initial(link)
    )
    if request.method == "POST" and form.is_valid():
        services.consent_answers_submit(link=link, answers=form.answers())
        return redirect("consent_public:personal_link_done", token=token)
    status = 400 if form.errors else 200
    return render(
        request, "consent/public/personal_link.html", _context(link, token, form=form), status=status
    )


def personal_link_done(request: HttpRequest, token: str) -> HttpResponse:
    link, invalid = _open(request, token)
    if link is None:
        assert invalid is not None  # noqa: S101 narrows the type; never false when the code is right
        return invalid
    return render(request, "consent/public/personal_link_done.html", _context(link, token))


def personal_link_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    link, invalid = _open(request, token)
    if link is None:
        assert invalid is not None  # noqa: S101 narrows the type; never false when the code is right
        return invalid
    if request.method == "POST" and (confirmed := WithdrawConfirmForm(request.POST)).is_valid():
        return _withdraw(link, confirmed.cleaned_data["choice"])
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        confirm = WithdrawConfirmForm(initial={"choice": form.cleaned_data["choice"]})
        context = _context(
            link, token, form=confirm, choice=form.cleaned_data["choice"], erase=WithdrawChoice.ERASE
        )
        return render(request, "consent/public/withdraw_confirm.html", context)
    status = 400 if form.errors else 200
    return render(request, "consent/public/withdraw.html", _context(link, token, form=form), status=status)


def _withdraw(link: PersonalLink, choice: str) -> HttpResponse:
    label = services.PARTICIPANT_LABEL
    if choice == WithdrawChoice.ERASE:
        services.stakeholder_erase(
            stakeholder=link.stakeholder, by=None, actor_label=label, reason=ErasureReason.PERSON_ASKED
        )
    else:
        services.consent_withdraw_all(
            stakeholder=link.stakeholder,
            by=None,
            method=ConsentMethod.ONLINE,
            form=link.form,
            actor_label=label,
        )
    return redirect(f"{reverse('consent_public:withdrawal_done')}?done={choice}")


@require_POST
def personal_link_language(request: HttpRequest, token: str) -> HttpResponse:
    """The language chooser on the link's pages: the page turns to the language, and a usable link's person
    has it recorded as the one their emails are written in."""
    response, chosen = language_choose(request)
    resolution = selectors.personal_link_resolve(token=token)
    if chosen and resolution.state is LinkState.VALID and resolution.link is not None:
        stakeholder_language_set(
            stakeholder=resolution.link.stakeholder,
            language=chosen,
            by=None,
            actor_label=services.PARTICIPANT_LABEL,
        )
    return response


def withdrawal_done(request: HttpRequest) -> HttpResponse:
    erased = request.GET.get("done") == WithdrawChoice.ERASE
    return render(request, "consent/public/withdrawal_done.html", {"erased": erased})
