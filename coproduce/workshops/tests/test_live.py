"""Live reads (tallies, counts, participation by sector) and the facilitator's and projector's pages."""

import re

import pytest
from django.urls import reverse

from coproduce.projects.permissions import ProjectRole
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    Cluster,
    DotVote,
    PairwiseOption,
    PairwiseVote,
    ParticipantSector,
    StatementVote,
    VoteTarget,
    WorkshopStatus,
)
from coproduce.workshops.selectors.live import (
    activity_counts,
    board_columns,
    dot_tally,
    participation_by_sector,
    statement_tally,
)

from .factories import ActivityFactory, CardFactory, ParticipantFactory, StatementFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

SCRIPT = {"X-Requested-With": "fetch"}  # what workshop-live.js sends for a fragment


def _dot(vote, participant, slot=1, **target):
    return DotVote.objects.create(activity=vote, participant=participant, slot=slot, allowance=3, **target)


@pytest.fixture
def room():
    """A workshop with a board of three cards (one hidden), a dot vote on it, statements and pairwise."""
    workshop = WorkshopFactory()
    board = ActivityFactory(workshop=workshop, columns=["Cultural", "Tactical"])
    council = ParticipantFactory(workshop=workshop, sector=ParticipantSector.LOCAL_AUTHORITY)
    charity = ParticipantFactory(workshop=workshop, sector=ParticipantSector.VCFSE)
    ParticipantFactory(workshop=workshop, sector=ParticipantSector.VCFSE)
    first = CardFactory(activity=board, participant=council, column="Tactical", text="Joint training")
    second = CardFactory(activity=board, participant=charity, column="Cultural", text="One referral form")
    CardFactory(activity=board, participant=charity, hidden=True)
    vote = ActivityFactory(
        workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, state=ActivityState.CLOSED
    )
    _dot(vote, council, 1, card=second)
    _dot(vote, charity, 1, card=second)
    _dot(vote, charity, 2, card=first)
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS)
    statement = StatementFactory(activity=statements)
    StatementVote.objects.create(statement=statement, participant=council, value=1)
    StatementVote.objects.create(statement=statement, participant=charity, value=-1)
    pairwise = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE)
    a, b = (PairwiseOption.objects.create(activity=pairwise, text=t) for t in ("A", "B"))
    PairwiseVote.objects.create(activity=pairwise, participant=council, winner=a, loser=b)
    return {
        "workshop": workshop,
        "board": board,
        "vote": vote,
        "statements": statements,
        "pairwise": pairwise,
    }


def test_dot_tally_counts_dots_per_card_most_first(room):
    rows = dot_tally(activity=room["vote"])
    assert [(row.text, row.dots) for row in rows] == [("One referral form", 2), ("Joint training", 1)]
    assert rows[0].kind == "card" and rows[0].column == "Cultural"


def test_dot_tally_on_clusters(room):
    cluster = Cluster.objects.create(activity=room["board"], title="Front door")
    vote = ActivityFactory(
        workshop=room["workshop"],
        kind=ActivityKind.DOT_VOTE,
        source=room["board"],
        vote_on=VoteTarget.CLUSTERS,
    )
    _dot(vote, ParticipantFactory(workshop=room["workshop"]), cluster=cluster)
    assert [(row.kind, row.text, row.dots) for row in dot_tally(activity=vote)] == [
        ("cluster", "Front door", 1)
    ]


def test_activity_counts_by_kind(room):
    board = activity_counts(activity=room["board"])
    assert (board.contributions, board.contributors, board.unit, board.cards) == (2, 2, "cards", 2)
    dots = activity_counts(activity=room["vote"])
    assert (dots.dots, dots.contributors) == (3, 2)
    statements = activity_counts(activity=room["statements"])
    assert (statements.statement_votes, statements.statements) == (2, 1)
    assert activity_counts(activity=room["pairwise"]).pairwise_votes == 1


def test_statement_tally(room):
    (row,) = statement_tally(activity=room["statements"])
    assert (row.agree, row.disagree, row.passed, row.votes) == (1, 1, 0, 2)


def test_participation_by_sector_lists_every_sector(room):
    rows = {row.sector: row for row in participation_by_sector(workshop=room["workshop"])}
    assert set(rows) == set(ParticipantSector.values)
    council, charity = rows[ParticipantSector.LOCAL_AUTHORITY], rows[ParticipantSector.VCFSE]
    assert (
        council.participants,
        council.cards,
        council.dots,
        council.statement_votes,
        council.pairwise_votes,
    ) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert (charity.participants, charity.cards, charity.dots, charity.share) == (2, 2, 2, 67)
    assert rows[ParticipantSector.FUNDER].participants == 0
    assert charity.contributions == 5


def test_board_columns_in_the_board_order(room):
    columns = board_columns(activity=room["board"])
    assert [(c.title, [card.text for card in c.cards]) for c in columns] == [
        ("Cultural", ["One referral form"]),
        ("Tactical", ["Joint training"]),
    ]
    assert sum(len(c.cards) for c in board_columns(activity=room["board"], with_hidden=True)) == 3


def _url(name, workshop, **kwargs):
    return reverse(
        name, kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id, **kwargs}
    )


@pytest.fixture
def facilitator(client, room):
    from coproduce.projects.tests.factories import MembershipFactory

    user = MembershipFactory(project=room["workshop"].project, role=ProjectRole.FACILITATOR).user
    client.force_login(user)
    return client


def test_facilitate_page_shows_agenda_counts_and_balance(facilitator, room):
    page = facilitator.get(_url("workshops:facilitate", room["workshop"])).content.decode()
    assert room["workshop"].join_code in page
    assert "2 cards from 2 people" in page
    assert "Participation by sector" in page and "67%" in page
    assert f"/ws/workshops/{room['workshop'].public_id}/screens/" in page
    partial = facilitator.get(
        _url("workshops:facilitate_partial", room["workshop"]), headers=SCRIPT
    ).content.decode()
    assert "2 cards from 2 people" in partial and "<html" not in partial


def test_activity_state_and_timer_posts(facilitator, room):
    vote = room["vote"]
    url = _url("workshops:activity_state", room["workshop"], activity_id=vote.public_id)
    response = facilitator.post(url, {"action": "reveal"})
    assert response.status_code == 302 and response.url.endswith(f"#activity-{vote.public_id}")
    vote.refresh_from_db()
    assert vote.state == ActivityState.REVEALED
    # a refused move comes back as a message, not an error page
    response = facilitator.post(url, {"action": "close"}, follow=True)
    assert "Only an open activity can be closed." in response.content.decode()

    board = room["board"]
    timer = _url("workshops:activity_timer", room["workshop"], activity_id=board.public_id)
    facilitator.post(timer, {"action": "set", "minutes": "4"})
    board.refresh_from_db()
    assert board.timer_ends_at is not None
    page = facilitator.get(_url("workshops:facilitate", room["workshop"])).content.decode()
    assert "data-timer-ends" in page and "Add a minute" in page
    response = facilitator.post(timer, {"action": "set", "minutes": ""}, follow=True)
    assert "Enter how many minutes" in response.content.decode()


def test_workshop_start_and_end_posts(facilitator, room):
    workshop = room["workshop"]
    facilitator.post(_url("workshops:workshop_end", workshop))
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.ENDED
    page = facilitator.get(_url("workshops:facilitate", workshop)).content.decode()
    assert "Start the workshop" in page
    facilitator.post(_url("workshops:workshop_start", workshop))
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.LIVE


def test_projector_hides_dot_results_until_revealed(facilitator, room):
    workshop, vote = room["workshop"], room["vote"]
    for activity in (room["board"], room["statements"], room["pairwise"]):
        activity.state = ActivityState.DRAFT
        activity.save()
    page = facilitator.get(_url("workshops:projector", workshop)).content.decode()
    assert "Results are hidden until the facilitator reveals them" in page
    assert "3 dots from 2 people" in re.sub(r"<[^>]+>", "", page)  # the words shown
    assert "One referral form" not in page
    assert workshop.join_code in page and f"/w/{workshop.join_code}/" in page

    vote.state = ActivityState.REVEALED
    vote.save()
    partial = facilitator.get(_url("workshops:projector_partial", workshop), headers=SCRIPT).content.decode()
    assert "Results hidden" not in partial
    assert "One referral form" in partial and '<span class="app-pj-bar__value">2 dots</span>' in partial


def test_projector_shows_the_open_board_by_column(facilitator, room):
    page = facilitator.get(_url("workshops:projector", room["workshop"])).content.decode()
    assert "Joint training" in page and "One referral form" in page
    assert "Share one referral form across services" not in page  # the hidden card


def test_projector_before_any_activity(facilitator):
    from coproduce.projects.tests.factories import MembershipFactory

    workshop = WorkshopFactory()
    user = MembershipFactory(project=workshop.project, role=ProjectRole.LEAD).user
    facilitator.force_login(user)
    page = facilitator.get(_url("workshops:projector", workshop)).content.decode()
    assert "The first activity starts soon." in page


def test_partial_opened_directly_is_the_whole_page(facilitator, room):
    page = facilitator.get(_url("workshops:projector_partial", room["workshop"])).content.decode()
    assert "<html" in page and "<title>" in page
