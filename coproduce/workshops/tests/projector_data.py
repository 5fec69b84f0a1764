"""A live workshop with a full room, for the projector's tests and screenshots: 100 cards on an idea board,
a dot vote on them, ten statements voted on by thirty people (so there are opinion groups), and a pairwise
comparison of eight options, each activity in its own workshop so each can be the projector's current one.

No tests here: `projector_world(project, kind, state)` builds one workshop and returns it.
"""

import random

from django.utils import timezone

from coproduce.projects.models import Project
from coproduce.workshops.models import (
    Activity,
    ActivityKind,
    ActivityState,
    Card,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    Participant,
    ParticipantSector,
    Statement,
    StatementVote,
    Workshop,
)
from coproduce.workshops.services.snapshots import result_snapshot_compute

from .factories import WorkshopFactory

COLUMNS = ["Cultural", "Tactical", "Strategic"]
IDEAS = [
    "One referral form that every service accepts",
    "Train together twice a year, across sectors",
    "A shared front door for families who need early help",
    "Pool small grants so groups stop competing for the same pots",
    "Residents sit on every commissioning panel, paid for their time",
    "Publish what happened to every idea from this room within a month",
    "A single phone number for anyone worried about a child",
    "Share data between the council and charities, with consent",
]
STATEMENTS = [
    "Funders should pool small grants",
    "Residents should sit on every panel",
    "Referrals should take less than a week",
    "Charities should be paid on time, every time",
    "Every service should accept one referral form",
    "Training should be open to volunteers as well as staff",
    "The council should publish what it spends on early help",
    "Schools should host family hubs",
    "Outcomes should be measured with residents, not for them",
    "Small groups need core funding, not only projects",
]
OPTIONS = [
    "Shared referral form",
    "Joint training",
    "Family hubs in schools",
    "Pooled small grants",
    "Paid resident panel",
    "One phone number",
    "Open spending data",
    "Core funding for small groups",
]
SECTORS = [ParticipantSector.VCFSE, ParticipantSector.LOCAL_AUTHORITY, ParticipantSector.COMMUNITY_MEMBER]


def _people(workshop: Workshop, n: int) -> list[Participant]:
    return [
        Participant.objects.create(workshop=workshop, number=i + 1, sector=SECTORS[i % len(SECTORS)])
        for i in range(n)
    ]


def _board(workshop: Workshop, people: list[Participant], state: str, n_cards: int) -> Activity:
    board = Activity.objects.create(
        workshop=workshop, kind=ActivityKind.IDEA_BOARD, title="What could we do together?", order=0,
        state=state, columns=COLUMNS, prompt="Add one idea per card.",
    )  # fmt: skip
    Card.objects.bulk_create(
        Card(
            activity=board,
            participant=people[i % len(people)],
            column=COLUMNS[i % len(COLUMNS)],
            text=f"{IDEAS[i % len(IDEAS)]} ({i + 1})",
        )
        for i in range(n_cards)
    )
    return board


def _dots(workshop: Workshop, people: list[Participant], state: str) -> Activity:
    board = _board(workshop, people, ActivityState.CLOSED, 100)
    dots = Activity.objects.create(
        workshop=workshop, kind=ActivityKind.DOT_VOTE, title="Which ideas matter most?", order=1,
        source=board, dots=3, state=state, closed_at=timezone.now(), revealed_at=timezone.now(),
    )  # fmt: skip
    cards = list(board.cards.order_by("id"))
    for i, person in enumerate(people):
        for slot in range(1, 4):
            card = cards[(i * slot) % 14]
            DotVote.objects.create(activity=dots, participant=person, card=card, slot=slot, allowance=3)
    return dots


def _statements(workshop: Workshop, people: list[Participant], state: str) -> Activity:
    activity = Activity.objects.create(
        workshop=workshop, kind=ActivityKind.STATEMENTS, title="Where do we agree?", order=0, state=state,
        prompt="Agree, disagree or pass.",
    )  # fmt: skip
    statements = [
        Statement.objects.create(activity=activity, number=n, text=text, is_seed=True)
        for n, text in enumerate(STATEMENTS)
    ]
    rng = random.Random(1)
    for i, person in enumerate(people):
        leaning = 1 if i % 2 else -1
        for n, statement in enumerate(statements):
            value = 1 if n < 2 else rng.choice([leaning, leaning, 0, -leaning])
            StatementVote.objects.create(statement=statement, participant=person, value=value)
    return activity


def _pairwise(workshop: Workshop, people: list[Participant], state: str) -> Activity:
    activity = Activity.objects.create(
        workshop=workshop, kind=ActivityKind.PAIRWISE, title="Which should come first?", order=0, state=state
    )
    options = [PairwiseOption.objects.create(activity=activity, text=text) for text in OPTIONS]
    rng = random.Random(2)
    for person in people:
        for _ in range(6):
            a, b = rng.sample(range(len(options)), 2)
            winner, loser = (a, b) if a < b or rng.random() < 0.25 else (b, a)
            PairwiseVote.objects.create(
                activity=activity, participant=person, winner=options[winner], loser=options[loser]
            )
    return activity


BUILDERS = {
    ActivityKind.IDEA_BOARD: lambda w, p, s: _board(w, p, s, 100),
    ActivityKind.DOT_VOTE: _dots,
    ActivityKind.STATEMENTS: _statements,
    ActivityKind.PAIRWISE: _pairwise,
}


def projector_world(project: Project, kind: str, state: str = ActivityState.REVEALED) -> Workshop:
    """A live workshop of `project` whose current activity is of `kind` in `state`, with its stored result
    worked out (pairwise scores, opinion groups)."""
    workshop = WorkshopFactory(series__project=project, title="Early help together")
    people = _people(workshop, 30)
    activity = BUILDERS[ActivityKind(kind)](workshop, people, state)
    result_snapshot_compute(activity=activity)
    return workshop
