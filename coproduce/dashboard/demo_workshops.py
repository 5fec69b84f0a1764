"""The demo project's workshops: a series on the first scored priority area, with one workshop that has
taken place (an idea board with clusters, a revealed dot vote, statements voted on by two camps) and one
planned workshop with a draft agenda. Everything goes through the services the pages use; the one direct
write moves the past workshop's dates back, because the services only plan workshops in the future."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import PriorityCandidate
from coproduce.analysis.selectors.priorities import interested_people, priority_table
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.consent.selectors.status import consent_status
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project
from coproduce.workshops.models import (
    Activity,
    ActivityKind,
    Card,
    Invitation,
    Participant,
    ParticipantSector,
    VoteTarget,
    Workshop,
    WorkshopSeries,
)
from coproduce.workshops.services import contributions, moderation, running
from coproduce.workshops.services.invitations import attendance_record, invitation_reply, invitations_send
from coproduce.workshops.services.participation import participant_join
from coproduce.workshops.services.planning import (
    ActivitySettings,
    activity_create,
    series_create,
    workshop_create,
)

CARDS = [
    ("Cultural", "Staff in different services do not know each other", "Trust between staff"),
    ("Cultural", "Families fear being judged when they ask for help", "One front door for families"),
    ("Cultural", "Community groups are seen as volunteers, not partners", "Trust between staff"),
    ("Cultural", "We compete for the same grants, so we do not share", ""),
    ("Tactical", "Every service has its own referral form", "One front door for families"),
    ("Tactical", "Nobody knows who is already working with a family", "One front door for families"),
    ("Tactical", "Meetings happen in office hours only", ""),
    ("Tactical", "Joint training for frontline staff", "Trust between staff"),
    ("Strategic", "Funding ends every March", "Money that lasts"),
    ("Strategic", "Small grants cost more to apply for than they give", "Money that lasts"),
    ("Strategic", "Commissioning rewards numbers, not relationships", "Money that lasts"),
    ("Strategic", "No shared plan for the ward", ""),
]
STATEMENTS = [
    "Families should be able to ask for help in one place, whoever runs it.",
    "Small community groups should hold early help budgets directly.",
    "The council should lead early help and others should support it.",
    "Sharing information about a family needs the family's consent every time.",
    "Outcome targets help services work together.",
    "Volunteers could do more of the early help work.",
    "Funding for early help should last at least three years.",
    "Every service should use the same referral form.",
]
# How each camp votes on each statement (1 agree, -1 disagree): community and voluntary sector on one side,
# statutory services and funders on the other, with two statements everyone agrees on (common ground: nobody
# passes on them, so every group and every sector agrees).
CAMP_COMMUNITY = [1, 1, -1, 1, -1, 1, 1, 0]
CAMP_STATUTORY = [1, -1, 1, -1, 1, -1, 1, 1]
SECTORS_COMMUNITY = [ParticipantSector.VCFSE, ParticipantSector.COMMUNITY_MEMBER, ParticipantSector.ACADEMIC]
SECTORS_STATUTORY = [
    ParticipantSector.LOCAL_AUTHORITY,
    ParticipantSector.PUBLIC_SECTOR,
    ParticipantSector.FUNDER,
    ParticipantSector.PRIVATE,
]
PEOPLE_PER_CAMP = 7
REPLIES = ["yes", "yes", "maybe", "no"]
NOTES = ["", "I use a wheelchair: step-free access, please.", "", "", "I can only stay until 12.", ""]
INVITED = 12


def demo_workshops_seed(*, project: Project, by: User, facilitator: User) -> WorkshopSeries | None:
    _criteria, rows = priority_table(project=project)
    scored = [row.candidate for row in rows if row.weighted is not None]
    if not scored:
        return None
    area = scored[0]
    series = series_create(
        project=project,
        by=by,
        title=f"{area.title}: working together",
        description="Workshops with partners from every sector on the first priority area.",
        area=area,
    )
    people = _invitees(project, area)
    _past_workshop(series, people, by=by, facilitator=facilitator)
    _planned_workshop(series, people, by=by, facilitator=facilitator)
    return series


def _invitees(project: Project, area: PriorityCandidate) -> list[Stakeholder]:
    """People interested in the area, then others who agreed to take part in workshops: twelve in all."""
    interested = [p for p in interested_people(candidate=area) if _may_be_invited(p)]
    others = [
        p
        for p in Stakeholder.objects.filter(project=project).order_by("code")
        if p not in interested and _may_be_invited(p, given=True)
    ]
    return (interested + others)[:INVITED]


def _may_be_invited(person: Stakeholder, *, given: bool = False) -> bool:
    event = consent_status(stakeholder=person).get(ConsentScope.WORKSHOPS)
    return (event is None and not given) or (event is not None and event.kind == ConsentKind.GIVEN)


def _new_workshop(series: WorkshopSeries, *, title: str, days: int, by: User, facilitator: User) -> Workshop:
    start = (timezone.localtime() + dt.timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return workshop_create(
        series=series,
        by=by,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2, minutes=30),
        venue="Brookvale Community Hall, 12 Mill Lane",
        online_link="https://meet.example.org/brookvale-early-help",
        facilitators=[facilitator, by],
    )


def _past_workshop(series: WorkshopSeries, people: list[Stakeholder], *, by: User, facilitator: User) -> None:
    workshop = _new_workshop(
        series, title="Workshop 1: what gets in the way?", days=1, by=by, facilitator=facilitator
    )
    board, vote, statements = _past_agenda(workshop, by)
    invitations = invitations_send(workshop=workshop, by=by, people=people, deliver=False)
    for n, invitation in enumerate(invitations):
        invitation_reply(invitation=invitation, reply=REPLIES[n % len(REPLIES)], note=NOTES[n % len(NOTES)])
    running.workshop_start(workshop=workshop, by=facilitator)
    participants = _participants(workshop)
    _idea_board(board, participants, by=facilitator)
    _dot_vote(vote, participants, by=facilitator)
    _statements(statements, participants, by=facilitator)
    running.workshop_end(workshop=workshop, by=facilitator)
    # Direct writes: the services plan workshops only in the future, and this one took place two weeks ago
    # (its invitations went out and were answered before it).
    weeks_ago = dt.timedelta(days=15)
    start = workshop.starts_at - weeks_ago
    Invitation.objects.filter(workshop=workshop).update(
        sent_at=F("sent_at") - weeks_ago, replied_at=F("replied_at") - weeks_ago
    )
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2, minutes=30)
    )
    marks = {
        i: _attended(i) for i in Invitation.objects.filter(workshop=workshop).select_related("stakeholder")
    }
    attendance_record(workshop=workshop, by=by, marks=marks)


def _attended(invitation: Invitation) -> bool | None:
    event = consent_status(stakeholder=invitation.stakeholder).get(ConsentScope.WORKSHOPS)
    consented = event is not None and event.kind == ConsentKind.GIVEN
    if invitation.reply == "yes":
        return True if consented else None
    return False if invitation.reply == "no" else None


def _past_agenda(workshop: Workshop, by: User) -> tuple[Activity, Activity, Activity]:
    board = activity_create(
        workshop=workshop,
        by=by,
        kind=ActivityKind.IDEA_BOARD,
        settings=ActivitySettings(
            title="What gets in the way?",
            prompt="What makes it hard for services to help families early, together?",
            minutes=30,
        ),
    )
    vote = activity_create(
        workshop=workshop,
        by=by,
        kind=ActivityKind.DOT_VOTE,
        settings=ActivitySettings(
            title="Which matters most?", minutes=10, dots=3, vote_on=VoteTarget.CLUSTERS, source=board
        ),
    )
    statements = activity_create(
        workshop=workshop,
        by=by,
        kind=ActivityKind.STATEMENTS,
        settings=ActivitySettings(
            title="Where do we stand?",
            prompt="Agree, disagree or pass.",
            minutes=20,
            seed_statements=STATEMENTS,
            allow_participant_statements=False,
        ),
    )
    return board, vote, statements


def _participants(workshop: Workshop) -> list[Participant]:
    camps = [SECTORS_COMMUNITY, SECTORS_STATUTORY]
    return [
        participant_join(workshop=workshop, sector=camps[n % 2][(n // 2) % len(camps[n % 2])])
        for n in range(2 * PEOPLE_PER_CAMP)
    ]


def _idea_board(board: Activity, participants: list[Participant], *, by: User) -> None:
    running.activity_open(activity=board, by=by)
    cards: list[tuple[Card, str]] = []
    for n, (column, text, cluster) in enumerate(CARDS):
        card = contributions.card_add(
            activity=board, participant=participants[n % len(participants)], column=column, text=text
        )
        cards.append((card, cluster))
    running.activity_close(activity=board, by=by)
    clusters = {}
    for title in dict.fromkeys(c for _, c in cards if c):
        clusters[title] = moderation.cluster_create(activity=board, by=by, title=title)
    for card, title in cards:
        if title:
            moderation.card_cluster_set(card=card, cluster=clusters[title], by=by)
    running.activity_reveal(activity=board, by=by)


def _dot_vote(vote: Activity, participants: list[Participant], *, by: User) -> None:
    running.activity_open(activity=vote, by=by)
    clusters = list(vote.source.clusters.order_by("order", "id")) if vote.source else []
    for n, participant in enumerate(participants):
        for dot in range(vote.dots):
            target = clusters[(n + dot * (n % 2)) % len(clusters)]
            contributions.dot_add(activity=vote, participant=participant, cluster=target)
    running.activity_close(activity=vote, by=by)
    running.activity_reveal(activity=vote, by=by)


def _statements(activity: Activity, participants: list[Participant], *, by: User) -> None:
    running.activity_open(activity=activity, by=by)
    statements = list(activity.statements.order_by("number"))
    for n, participant in enumerate(participants):
        camp = CAMP_COMMUNITY if n % 2 == 0 else CAMP_STATUTORY
        for index, (statement, value) in enumerate(zip(statements, camp, strict=True)):
            everyone = CAMP_COMMUNITY[index] == CAMP_STATUTORY[index] == 1
            noisy = 0 if (n + statement.number) % 9 == 0 and not everyone else value  # a pass now and then
            contributions.statement_vote(statement=statement, participant=participant, value=noisy)
    running.activity_close(activity=activity, by=by)
    running.activity_reveal(activity=activity, by=by)


def _planned_workshop(
    series: WorkshopSeries, people: list[Stakeholder], *, by: User, facilitator: User
) -> None:
    workshop = _new_workshop(
        series, title="Workshop 2: one front door", days=21, by=by, facilitator=facilitator
    )
    board = activity_create(
        workshop=workshop,
        by=by,
        kind=ActivityKind.IDEA_BOARD,
        settings=ActivitySettings(title="What would one front door look like?", minutes=30),
    )
    activity_create(
        workshop=workshop,
        by=by,
        kind=ActivityKind.DOT_VOTE,
        settings=ActivitySettings(title="Which ideas first?", minutes=10, dots=3, source=board),
    )
    activity_create(
        workshop=workshop,
        by=by,
        kind=ActivityKind.PAIRWISE,
        settings=ActivitySettings(
            title="Which would help most?",
            minutes=15,
            options=[
                "One referral form for every service",
                "A shared list of who works with a family",
                "Joint training for frontline staff",
                "Three-year funding for community groups",
            ],
        ),
    )
    invitations_send(workshop=workshop, by=by, people=people, deliver=False)
