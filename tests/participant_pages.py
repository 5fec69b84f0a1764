"""One of every page a participant reaches without an account, built from fictional data, for the checks of
the pages' languages (tests/test_translations.py, tests/browser/test_participant_languages.py).

What the team and the participants write (titles, prompts, cards, consent statements) is in Arabic script
here, so that any Latin letters left on a page shown in Arabic are the interface's own words, not
translated (docs/translations.md).
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.selectors.ranking import ranking_token
from coproduce.analysis.services.priorities import priority_candidate_save
from coproduce.analysis.services.ranking import priority_ranking_invite
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.selectors import personal_link_token
from coproduce.consent.services.events import consent_record
from coproduce.consent.tests.factories import ConsentFormFactory, PersonalLinkFactory
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.models import Project
from coproduce.recommendations.selectors.endorsement import endorsement_token
from coproduce.recommendations.services.endorsement import endorsement_round_open
from coproduce.recommendations.services.recommendations import recommendation_create
from coproduce.reports.selectors.publication import publication_preview
from coproduce.reports.services import publication_publish
from coproduce.workshops.identity import invitation_token, participant_cookie_name, participant_token
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Invitation,
    PairwiseOption,
    Participant,
    Workshop,
    WorkshopStatus,
)
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    CardFactory,
    ParticipantFactory,
    StatementFactory,
    WorkshopFactory,
)

# Fictional words, in Arabic script, for everything people write.
TITLE = "ورشة الحي"
PROMPT = "ماذا نغير معًا؟"
CARD = "مكتبة مفتوحة مساءً"
STATEMENT = "نحتاج حدائق أكثر"
COLUMNS = ["أفكار", "خطوات"]


@dataclass(frozen=True)
class ParticipantPage:
    name: str
    url: str
    status: int = 200
    cookies: dict[str, str] = field(default_factory=dict)


def _joined(workshop: Workshop) -> tuple[Participant, dict[str, str]]:
    participant = ParticipantFactory(workshop=workshop, display_name="سارة")
    return participant, {
        participant_cookie_name(workshop=workshop): participant_token(participant=participant)
    }


def _take_part(project: Project, kind: str, name: str) -> ParticipantPage:
    workshop = WorkshopFactory(series__project=project, title=TITLE, status=WorkshopStatus.LIVE)
    participant, cookies = _joined(workshop)
    url = reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code})
    if not kind:
        return ParticipantPage(name, url, cookies=cookies)
    board = ActivityFactory(
        workshop=workshop, kind=ActivityKind.IDEA_BOARD, title=TITLE, prompt=PROMPT, columns=COLUMNS
    )
    own = CardFactory(activity=board, participant=participant, column=COLUMNS[0], text=CARD, language="ar")
    CardFactory(activity=board, column=COLUMNS[1], text=CARD + " ٢")
    if kind == ActivityKind.IDEA_BOARD:
        return ParticipantPage(name, url, cookies=cookies)
    if kind == "change":  # one's own idea, while the board is open
        kwargs = {"join_code": workshop.join_code, "card_id": own.public_id}
        return ParticipantPage(name, reverse("workshops_public:card_change", kwargs=kwargs), cookies=cookies)
    if kind == "leave":
        leave = reverse("workshops_public:participant_leave", kwargs={"join_code": workshop.join_code})
        return ParticipantPage(name, leave, cookies=cookies)
    board.state = ActivityState.CLOSED
    board.save()
    activity = ActivityFactory(workshop=workshop, kind=kind, title=TITLE, prompt=PROMPT, source=board)
    if kind == ActivityKind.STATEMENTS:
        StatementFactory(activity=activity, number=1, text=STATEMENT)
        StatementFactory(activity=activity, number=2, text=STATEMENT + " ٢")
    if kind == ActivityKind.PAIRWISE:
        for order, text in enumerate((CARD, STATEMENT)):
            PairwiseOption.objects.create(activity=activity, text=text, order=order)
    return ParticipantPage(name, url, cookies=cookies)


def _workshop_pages(project: Project) -> list[ParticipantPage]:
    live = WorkshopFactory(series__project=project, title=TITLE, status=WorkshopStatus.LIVE)
    ended = WorkshopFactory(series__project=project, title=TITLE, status=WorkshopStatus.ENDED)
    planned = WorkshopFactory(
        series__project=project, title=TITLE, venue=PROMPT, status=WorkshopStatus.PLANNED
    )
    invitation = Invitation.objects.create(workshop=planned, stakeholder=StakeholderFactory(project=project))
    token = invitation_token(invitation=invitation)
    return [
        ParticipantPage("join", reverse("workshops_public:join")),
        ParticipantPage("join a workshop", reverse("workshops_public:join_workshop", args=[live.join_code])),
        ParticipantPage(
            "join an ended workshop", reverse("workshops_public:join_workshop", args=[ended.join_code]), 410
        ),
        _take_part(project, "", "take part, waiting"),
        _take_part(project, ActivityKind.IDEA_BOARD, "take part, idea board"),
        _take_part(project, ActivityKind.DOT_VOTE, "take part, dot voting"),
        _take_part(project, ActivityKind.STATEMENTS, "take part, statements"),
        _take_part(project, ActivityKind.PAIRWISE, "take part, pairwise"),
        _take_part(project, "change", "change your idea"),
        _take_part(project, "leave", "leave the workshop"),
        ParticipantPage("invitation reply", reverse("workshops_public:invitation_reply", args=[token])),
        ParticipantPage(
            "invitation replied", reverse("workshops_public:invitation_reply_done", args=[token])
        ),
        ParticipantPage(
            "invitation link not right", reverse("workshops_public:invitation_reply", args=[token + "x"]), 400
        ),
    ]


def _consent_pages(project: Project) -> list[ParticipantPage]:
    form = ConsentFormFactory(project=project, information_sheet=PROMPT, team_contact="team@example.org")
    for statement in form.statements.all():
        statement.text = STATEMENT
        statement.save()
    link = PersonalLinkFactory(stakeholder=StakeholderFactory(project=project), form=form)
    token = personal_link_token(link=link)
    return [
        ParticipantPage("consent", reverse("consent_public:personal_link_open", args=[token])),
        ParticipantPage("consent answered", reverse("consent_public:personal_link_done", args=[token])),
        ParticipantPage("consent withdraw", reverse("consent_public:personal_link_withdraw", args=[token])),
        ParticipantPage("consent withdrawn", reverse("consent_public:withdrawal_done") + "?done=erase"),
        ParticipantPage(
            "consent link not valid", reverse("consent_public:personal_link_open", args=[token + "x"]), 400
        ),
    ]


def _may_be_contacted(project: Project, lead: User):
    person = StakeholderFactory(project=project)
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER, by=lead,
    )  # fmt: skip
    return person


def _round_pages(project: Project, lead: User) -> list[ParticipantPage]:
    for title in (TITLE, PROMPT):
        priority_candidate_save(project=project, by=lead, title=title)
    ranking = ranking_token(
        invite=priority_ranking_invite(project=project, by=lead, people=[_may_be_contacted(project, lead)])[0]
    )
    recommendation_create(project=project, by=lead, action=CARD)
    round_ = endorsement_round_open(
        project=project, by=lead, title=TITLE, people=[_may_be_contacted(project, lead)],
        link_for=lambda invite: "https://example.org/", closes_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    endorse = endorsement_token(invite=round_.invites.get())
    return [
        ParticipantPage("ranking", reverse("priority_public:ranking_open", args=[ranking])),
        ParticipantPage("ranking answered", reverse("priority_public:ranking_done", args=[ranking])),
        ParticipantPage(
            "ranking link not valid", reverse("priority_public:ranking_open", args=[ranking + "x"]), 400
        ),
        ParticipantPage("endorsement", reverse("endorsement_public:endorsement_open", args=[endorse])),
        ParticipantPage(
            "endorsement answered", reverse("endorsement_public:endorsement_done", args=[endorse])
        ),
    ]


def _public_page(project: Project, lead: User) -> ParticipantPage:
    checklist = publication_preview(project=project, include_report=False).checklist
    publication_publish(
        project=project, by=lead, slug="hay-mills", include_report=False, confirmed=[i.key for i in checklist]
    )
    return ParticipantPage("public page", reverse("reports_public:public_page", kwargs={"slug": "hay-mills"}))


def participant_pages(*, project: Project, lead: User) -> list[ParticipantPage]:
    """Every participant page, each with what it needs: a live workshop per kind of activity (the phone's
    cookie for each), a consent link, ranking and endorsement rounds, the published page, a page not found."""
    project.title = TITLE
    project.save()
    return [
        *_workshop_pages(project),
        *_consent_pages(project),
        *_round_pages(project, lead),
        _public_page(project, lead),
        ParticipantPage("page not found", "/w/no/such/page/", 404),
    ]
