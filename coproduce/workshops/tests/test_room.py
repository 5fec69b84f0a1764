"""The facilitator's view of the room, worked out by hand.

Participation. The project's sampling targets: VCFSE 10, local authority 10, funder 5 (target shares 40%,
40%, 20%); academics have no target. In the room: VCFSE 5 people, local authority 2, one resident, one person
who preferred not to say (9 in all: 56%, 22%, 11%, 11%). The open idea board has 10 cards: VCFSE 8 (from 4
people), local authority 1, the person with no sector 1, the resident none. So the room adds 10 / 9 = 1.11
cards a person; the local authority 1 / 2 = 0.5, under half of that: quiet; and at 22% against a 40% target,
below target (18 points under). The funder has a target and no one here: missing. The resident has added no
card: not yet, with a prompt. The person who preferred not to say is never flagged.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.people.models import SamplingTarget
from coproduce.workshops.models import ActivityKind, ActivityState, ParticipantSector
from coproduce.workshops.selectors.room import room_participation

from .factories import ActivityFactory, CardFactory, ParticipantFactory, WorkshopFactory

S = ParticipantSector

pytestmark = pytest.mark.django_db


def _room(workshop=None, *, targets=True, scale=1):
    workshop = workshop or WorkshopFactory()
    if targets:
        for sector, target in ((S.VCFSE, 10), (S.LOCAL_AUTHORITY, 10), (S.FUNDER, 5)):
            SamplingTarget.objects.create(project=workshop.project, sector=sector, target=target)
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, title="Ideas", state="open")
    sizes = ((S.VCFSE, 5), (S.LOCAL_AUTHORITY, 2), (S.COMMUNITY_MEMBER, 1), (S.PREFER_NOT, 1))
    people = {
        sector: [ParticipantFactory(workshop=workshop, sector=sector) for _ in range(n * scale)]
        for sector, n in sizes
    }
    for person in people[S.VCFSE][: 4 * scale]:
        CardFactory.create_batch(2, activity=board, participant=person)
    for person in people[S.LOCAL_AUTHORITY][:scale] + people[S.PREFER_NOT]:
        CardFactory(activity=board, participant=person)
    return workshop, board


def _by_sector(room):
    return {row.sector: row for row in room.sectors}


def test_sectors_against_targets_with_missing_below_target_and_quiet_sectors():
    workshop, board = _room()

    room = room_participation(workshop=workshop)

    rows = _by_sector(room)
    assert room.people == 9 and room.has_targets and room.activity == board
    assert room.contributions == 10 and room.unit == "card,cards"
    assert list(rows) == [S.LOCAL_AUTHORITY, S.VCFSE, S.FUNDER, S.COMMUNITY_MEMBER, S.PREFER_NOT]
    vcfse, la, funder = rows[S.VCFSE], rows[S.LOCAL_AUTHORITY], rows[S.FUNDER]
    assert (vcfse.people, vcfse.share, vcfse.target_share, vcfse.contributions, vcfse.contributors) == (
        5, 56, 40, 8, 4,
    )  # fmt: skip
    assert vcfse.flags == ()
    assert (la.people, la.share, la.target_share, la.contributions) == (2, 22, 40, 1)
    assert la.flags == ("below_target", "quiet")
    assert (funder.people, funder.target, funder.target_share, funder.flags) == (0, 5, 20, ("missing",))
    assert rows[S.COMMUNITY_MEMBER].flags == ("not_yet",) and rows[S.COMMUNITY_MEMBER].target is None
    assert rows[S.PREFER_NOT].flags == ()
    assert room.absent == ("Public-sector partner", "Private sector", "Academic")


def test_a_sector_here_that_has_not_taken_part_is_prompted_while_the_activity_is_open():
    workshop, board = _room()

    room = room_participation(workshop=workshop)

    assert room.prompts == ("No one from Resident or community member has added a card yet (1 person here).",)
    board.state = ActivityState.CLOSED
    board.save()
    closed = room_participation(workshop=workshop)
    assert closed.prompts == () and _by_sector(closed)[S.LOCAL_AUTHORITY].flags == ("below_target",)


def test_without_targets_the_room_is_shown_by_shares_only():
    workshop, _ = _room(targets=False)

    room = room_participation(workshop=workshop)

    rows = _by_sector(room)
    assert not room.has_targets and S.FUNDER not in rows
    assert all(row.target_share is None for row in rows.values())
    assert rows[S.LOCAL_AUTHORITY].flags == ("quiet",)
    assert "Funder" in room.absent


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_room_costs_the_same_queries_however_many_people_and_sectors():
    small, _ = _room()
    large, _ = _room(scale=6)
    ParticipantFactory(workshop=large, sector=S.ACADEMIC)

    assert _queries(lambda: room_participation(workshop=small)) == _queries(
        lambda: room_participation(workshop=large)
    )
