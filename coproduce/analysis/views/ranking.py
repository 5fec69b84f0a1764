"""The stakeholders' ranking round: the team's page, and the personal-link pages (no account needed).

A tampered token answers 400 and a closed round (or an erased person) 410; neither changes anything.
`link_project` (not `project`) goes to the public templates, so the team's navigation is not shown.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.languages import language_choose
from coproduce.people.services import stakeholder_language_set
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..forms.themes import RankingForm, RankingInviteForm
from ..models import PriorityCandidate, PriorityRankingInvite
from ..selectors.ranking import (
    RankingLink,
    ranking_eligible,
    ranking_invites,
    ranking_resolve,
    ranking_results,
    ranking_token,
)
from ..services.ranking import priority_ranking_close, priority_ranking_invite, priority_ranking_submit


@login_required
def ranking_round(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    form = RankingInviteForm(request.POST or None, eligible=ranking_eligible(project=project))
    if request.method == "POST" and form.is_valid():
        try:
            invites = priority_ranking_invite(
                project=project, by=signed_in_user(request), people=list(form.cleaned_data["people"])
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, f"{len(invites)} personal link{'s' if len(invites) != 1 else ''} ready to send"
            )
            return redirect("analysis:priority_ranking", project_id=project_id)
    links = [(invite, _link(request, invite)) for invite in ranking_invites(project=project)]
    context = {"project": project, "form": form, "links": links, "results": ranking_results(project=project)}
    return render(request, "analysis/ranking_round.html", context)


def _link(request: HttpRequest, invite: PriorityRankingInvite) -> str:
    return request.build_absolute_uri(
        reverse("priority_public:ranking_open", kwargs={"token": ranking_token(invite=invite)})
    )


@require_POST
@login_required
def ranking_close(request: HttpRequest, project_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.CODE)
    priority_ranking_close(project=project, by=signed_in_user(request))
    messages.success(request, "The ranking round is closed: the links no longer work")
    return redirect("analysis:priority_ranking", project_id=project_id)


def _invalid(request: HttpRequest, state: RankingLink) -> HttpResponse:
    status = 400 if state is RankingLink.TAMPERED else 410
    return render(request, "components/round_link_refused.html", {"state": state.value}, status=status)


def ranking_open(request: HttpRequest, token: str) -> HttpResponse:
    state, invite = ranking_resolve(token=token)
    if state is not RankingLink.VALID or invite is None:
        return _invalid(request, state)
    candidates = list(PriorityCandidate.objects.filter(project_id=invite.project_id).order_by("title"))
    initial = {f"rank_{r.candidate_id}": r.rank for r in invite.ranks.all()}
    form = RankingForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            priority_ranking_submit(invite=invite, ranks=form.ranks())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("priority_public:ranking_done", token=token)
    context = {"link_project": invite.project, "form": form, "answered": invite.responded_at is not None}
    return render(request, "analysis/public/ranking.html", context, status=400 if form.errors else 200)


@require_POST
def ranking_language(request: HttpRequest, token: str) -> HttpResponse:
    """The language chooser on the link's pages: the page turns to the language, and while the link works
    its person has it recorded as the one their emails are written in."""
    response, chosen = language_choose(request)
    state, invite = ranking_resolve(token=token)
    if chosen and state is RankingLink.VALID and invite is not None:
        code = invite.stakeholder.code
        stakeholder_language_set(
            stakeholder=invite.stakeholder, language=chosen, by=None, actor_label=f"participant {code}"
        )
    return response


def ranking_done(request: HttpRequest, token: str) -> HttpResponse:
    state, invite = ranking_resolve(token=token)
    if state is not RankingLink.VALID or invite is None:
        return _invalid(request, state)
    context = {"link_project": invite.project, "token": token}
    return render(request, "analysis/public/ranking_done.html", context)
