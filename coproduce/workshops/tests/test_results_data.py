"""A workshop with one activity of each kind and known contributions, shared by the results and export tests.

No tests here: `results_world(project)` builds the data and returns what the tests look up.
"""

import datetime as dt
from dataclasses import dataclass

from coproduce.projects.models import Project
from coproduce.workshops.models import (
    Activity,
    ActivityKind,
    Card,
    Cluster,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    Participant,
    ParticipantSector,
    Statement,
    StatementStatus,
    StatementVote,
    VoteTarget,
    Workshop,
)

from .factories import WorkshopFactory

V, LA, NO = ParticipantSector.VCFSE, ParticipantSector.LOCAL_AUTHORITY, ParticipantSector.PREFER_NOT
# Participant number: (sector, votes on statements 0, 1, 2, 3). Statement 3 is moderated out.
VOTES = {
    1: (V, [1, 1, -1, 1]),
    2: (V, [1, 1, -1, 1]),
    3: (V, [1, 0, -1, 1]),
    4: (LA, [1, -1, 1, -1]),
    5: (LA, [-1, -1, 1, -1]),
    6: (NO, [1, -1, 1, -1]),
}
STATEMENTS = [
    "Funders should pool small grants",
    '=HYPERLINK("http://example.invalid")',
    "Residents should sit on every panel",
    "Moderated out",
]


@dataclass
class ResultsWorld:
    workshop: Workshop
    people: dict[int, Participant]
    board: Activity
    dots: Activity
    statements: Activity
    pairwise: Activity
    clusters: dict[str, Cluster]


def _board(workshop: Workshop, people: dict[int, Participant]) -> tuple[Activity, dict[str, Cluster]]:
    board = Activity.objects.create(workshop=workshop, kind=ActivityKind.IDEA_BOARD, title="Ideas", order=0)
    door = Cluster.objects.create(activity=board, title="Shared front door", order=0)
    training = Cluster.objects.create(activity=board, title="Joint training", order=1)
    cards = [
        ("Cultural", "One referral form", door, False),
        ("Cultural", "A single phone number", door, False),
        ("Tactical", "Train together twice a year", training, False),
        ("Strategic", "+ more money for hubs", None, False),
        ("Strategic", "Rude remark", None, True),
    ]
    for n, (column, text, cluster, hidden) in enumerate(cards):
        Card.objects.create(
            activity=board,
            participant=people[n + 1],
            column=column,
            text=text,
            cluster=cluster,
            hidden=hidden,
        )
    return board, {"door": door, "training": training}


def _dots(workshop: Workshop, board: Activity, clusters: dict[str, Cluster], people: dict[int, Participant]):
    dots = Activity.objects.create(
        workshop=workshop, kind=ActivityKind.DOT_VOTE, title="Dots", order=1, source=board,
        vote_on=VoteTarget.CLUSTERS, dots=3,
    )  # fmt: skip
    placed = [(1, "door"), (2, "door"), (3, "door"), (4, "training")]
    for slot, (person, key) in enumerate(placed, start=1):
        DotVote.objects.create(
            activity=dots, participant=people[person], cluster=clusters[key], slot=slot, allowance=3 + slot
        )
    return dots


def _statements(workshop: Workshop, people: dict[int, Participant]) -> Activity:
    activity = Activity.objects.create(
        workshop=workshop, kind=ActivityKind.STATEMENTS, title="Statements", order=2, prompt="Do you agree?"
    )
    statements = [
        Statement.objects.create(activity=activity, number=n, text=text, is_seed=True)
        for n, text in enumerate(STATEMENTS)
    ]
    statements[3].status = StatementStatus.REJECTED
    statements[3].save()
    for number, (_, values) in VOTES.items():
        for statement, value in zip(statements, values, strict=True):
            StatementVote.objects.create(statement=statement, participant=people[number], value=value)
    return activity


def _pairwise(workshop: Workshop, people: dict[int, Participant]) -> Activity:
    activity = Activity.objects.create(workshop=workshop, kind=ActivityKind.PAIRWISE, title="Pairs", order=3)
    a, b = (
        PairwiseOption.objects.create(activity=activity, text=t) for t in ("Shared form", "Joint training")
    )
    for person in people.values():
        PairwiseVote.objects.create(activity=activity, participant=person, winner=a, loser=b)
    return activity


def results_world(project: Project) -> ResultsWorld:
    workshop = WorkshopFactory(
        series__project=project, title="Workshop one", starts_at=dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)
    )
    people = {
        n: Participant.objects.create(workshop=workshop, number=n, sector=sector, display_name=f"Secret{n}")
        for n, (sector, _) in VOTES.items()
    }
    board, clusters = _board(workshop, people)
    return ResultsWorld(
        workshop=workshop,
        people=people,
        board=board,
        dots=_dots(workshop, board, clusters, people),
        statements=_statements(workshop, people),
        pairwise=_pairwise(workshop, people),
        clusters=clusters,
    )
