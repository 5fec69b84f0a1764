"""A project with one held and one planned workshop, whose figures are worked out by hand.

The held workshop "Brookvale workshop" has, in agenda order:

- "Where do we stand?" (statements): 9 people vote on 4 statements. Six (five from the voluntary sector, one
  from the local authority) agree with 1, 2 and 4 and disagree with 3, except that the local authority's
  one passes on 1. Three from the local authority agree with 1 and 3, disagree with 2, and two of them
  disagree with 4. So the groups are 6 and 3 people; statement 1 is common ground (5 of 6 and 3 of 3; by
  sector 5 of 5 and 3 of 4, each above 60%), and statement 4, which 7 of 9 agreed with, is not (1 of 3 in
  the smaller group).
- "Which matters most?" (dots on the cards of an idea board): "Joint training" 3 dots and "Shared lunches"
  1 (both in the cluster "Trust"), "Three-year grants" 2 (in "Money", which has 1 dot of its own),
  "Evening meetings" 1 (in no cluster) and a card a moderator hid, 1: 9 dots from 4 people. "Trust" has
  4 (44%), "Money" 3 (33%).
- "Which would help most?" (pairwise): a stored result only (no choices saved), so that the report can be
  seen to read it rather than work it out: "Three-year funding" 71 (52 to 85), 5 chosen, 2 not; "One
  referral form" 40 (22 to 61), 2 and 4; "A shared list" 38 (20 to 60), 1 and 2, few votes.
- an activity never opened, which is left out.

The planned workshop "Planned workshop" has a dot voting with a dot: it is not in the report.
"""

import datetime
from dataclasses import asdict

from django.utils import timezone

from coproduce.projects.models import Project
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Card,
    Cluster,
    DotVote,
    PairwiseOption,
    Participant,
    ParticipantSector,
    ResultSnapshot,
    SnapshotKind,
    StatementVote,
    WorkshopStatus,
)
from coproduce.workshops.pairwise import OptionScore, PairwiseScores
from coproduce.workshops.result_payloads import PAIRWISE_ALGORITHM
from coproduce.workshops.services.snapshots import result_snapshot_compute
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    StatementFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)

VCFSE, COUNCIL = ParticipantSector.VCFSE, ParticipantSector.LOCAL_AUTHORITY
STATEMENTS = [
    "Families should be able to ask for help in one place.",
    "Small community groups should hold budgets directly.",
    "The council should lead early help.",
    "Funding should last at least three years.",
]
# (sector, votes on statements 1 to 4): 1 agree, -1 disagree, 0 pass
VOTERS = [
    *[(VCFSE, [1, 1, -1, 1])] * 5,
    (COUNCIL, [0, 1, -1, 1]),
    (COUNCIL, [1, -1, 1, 1]),
    (COUNCIL, [1, -1, 1, -1]),
    (COUNCIL, [1, -1, 1, -1]),
]
HELD_ON = datetime.datetime(2026, 11, 3, 10, 0, tzinfo=datetime.UTC)


def _statements(workshop, people: list[Participant]) -> None:
    activity = ActivityFactory(
        workshop=workshop, kind=ActivityKind.STATEMENTS, title="Where do we stand?", state="revealed", order=1
    )
    statements = [
        StatementFactory(activity=activity, number=n, text=text) for n, text in enumerate(STATEMENTS, 1)
    ]
    for person, (_, votes) in zip(people, VOTERS, strict=True):
        for statement, value in zip(statements, votes, strict=True):
            StatementVote.objects.create(statement=statement, participant=person, value=value)
    result_snapshot_compute(activity=activity)


def _dots(workshop, people: list[Participant]) -> None:
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, title="Ideas", order=2)
    trust = Cluster.objects.create(activity=board, title="Trust")
    money = Cluster.objects.create(activity=board, title="Money", order=1)
    cards = {
        text: Card.objects.create(
            activity=board, participant=people[0], column="Cultural", text=text, cluster=cluster,
            hidden=hidden,
        )
        for text, cluster, hidden in [
            ("Joint training", trust, False), ("Shared lunches", trust, False),
            ("Three-year grants", money, False), ("Evening meetings", None, False),
            ("Call Jo Bloggs on 07700 900123", None, True),
        ]
    }  # fmt: skip
    vote = ActivityFactory(
        workshop=workshop, kind=ActivityKind.DOT_VOTE, title="Which matters most?", source=board,
        state=ActivityState.REVEALED, order=3,
    )  # fmt: skip
    placed = [
        "Joint training", "Joint training", "Joint training", "Shared lunches", "Three-year grants",
        "Three-year grants", "Evening meetings", "Call Jo Bloggs on 07700 900123", "Money",
    ]  # fmt: skip
    for n, target in enumerate(placed):
        on = {"cluster": money} if target == "Money" else {"card": cards[target]}
        DotVote.objects.create(activity=vote, participant=people[n % 4], slot=n // 4 + 1, allowance=3, **on)


PAIRWISE = [
    ("One referral form", 40.0, 22.0, 61.0, 2, 4, False),
    ("Three-year funding", 71.0, 52.0, 85.0, 5, 2, False),
    ("A shared list", 38.0, 20.0, 60.0, 1, 2, True),
]


def _pairwise(workshop) -> None:
    activity = ActivityFactory(
        workshop=workshop, kind=ActivityKind.PAIRWISE, title="Which would help most?", state="closed", order=4
    )
    options = [PairwiseOption.objects.create(activity=activity, text=row[0]) for row in PAIRWISE]
    scores = [
        OptionScore(option.pk, score, low, high, 1.0, wins, losses, wins + losses, few)
        for option, (_, score, low, high, wins, losses, few) in zip(options, PAIRWISE, strict=True)
    ]
    scores.sort(key=lambda s: -s.score)
    payload = asdict(PairwiseScores("few_votes", 8, 5, tuple(scores)))
    ResultSnapshot.objects.create(
        activity=activity, kind=SnapshotKind.PAIRWISE, payload=payload, n_votes=8,
        algorithm=PAIRWISE_ALGORITHM, computed_at=timezone.now(),
    )  # fmt: skip


def workshops_build(project: Project, *, title: str = "Brookvale workshop") -> None:
    """The held workshop (and, the first time, the planned one) described above."""
    series = WorkshopSeriesFactory(project=project)
    held = WorkshopFactory(series=series, title=title, starts_at=HELD_ON, status=WorkshopStatus.ENDED)
    people = [
        Participant.objects.create(workshop=held, number=n, sector=sector)
        for n, (sector, _) in enumerate(VOTERS, start=1)
    ]
    _statements(held, people)
    _dots(held, people)
    _pairwise(held)
    ActivityFactory(workshop=held, kind=ActivityKind.STATEMENTS, title="Never opened", state="draft", order=5)
    if title == "Brookvale workshop":
        planned = WorkshopFactory(series=series, title="Planned workshop", status=WorkshopStatus.PLANNED)
        vote = ActivityFactory(workshop=planned, kind=ActivityKind.DOT_VOTE, title="Not yet", state="open")
        card = Card.objects.create(activity=vote, participant=None, column="Cultural", text="Not held")
        person = Participant.objects.create(workshop=planned, number=1, sector=VCFSE)
        DotVote.objects.create(activity=vote, participant=person, card=card, slot=1, allowance=3)
