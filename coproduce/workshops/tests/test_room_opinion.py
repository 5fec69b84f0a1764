"""The room's opinion groups, read as stored, worked out by hand.

The workshop of test_common_ground (ten people; groups A = 1-5 and B = 6-10; VCFSE 1, 2, 3, 6, 7, local
authority 4, 5, 8, 9, funder 10; statements 1-6) with a seventh statement everyone agrees with but 4 (passes)
and 9 (disagrees): group A 4 of 5 = 80%, group B 4 of 5 = 80%, VCFSE 5 of 5, funder 1 of 1, but the local
authority 2 of 4 = 50%. Only the local authority is short of "more than 60%", and by no more than 10 points:
statement 7 is close to common ground. Statement 3 is not (group A at 60% and the local authority at 50%: two
short), nor 5 (the funder at 0%).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import ActivityKind, ActivityState, ResultSnapshot, StatementVote
from coproduce.workshops.opinion import OpinionAnalysis
from coproduce.workshops.opinion.types import Consensus, GroupShare
from coproduce.workshops.selectors.room_opinion import ASK_EVERY, near_consensus, room_opinion
from coproduce.workshops.services.snapshots import workshop_result_snapshots_refresh

from .factories import ActivityFactory, ParticipantFactory, StatementFactory, WorkshopFactory
from .test_common_ground import SECTORS, VOTES

pytestmark = pytest.mark.django_db

ALL_VOTES = VOTES | {7: [1, 1, 1, 0, 1, 1, 1, 1, -1, 1]}
LA = "Local authority"
VCFSE = "VCFSE (voluntary, community, faith, social enterprise)"


def _world(*, store=True):
    workshop = WorkshopFactory()
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, title="Grants")
    statements = {n: StatementFactory(activity=activity, number=n, text=f"Statement {n}") for n in ALL_VOTES}
    people = {n: ParticipantFactory(workshop=workshop, number=n, sector=s) for n, s in SECTORS.items()}
    StatementVote.objects.bulk_create(
        StatementVote(statement=statements[s], participant=people[p], value=values[p - 1])
        for s, values in ALL_VOTES.items()
        for p in people
    )
    if store:
        workshop_result_snapshots_refresh(workshop=workshop, now=True)
    return workshop, activity, people, statements


def test_groups_their_sectors_and_where_they_differ_read_from_the_stored_result():
    workshop, activity, _, _ = _world()

    opinion = room_opinion(workshop=workshop, current=activity)

    assert opinion.status == "groups" and not opinion.behind and not opinion.needs_update
    assert [(g.name, g.size, g.sectors) for g in opinion.groups] == [
        ("Group A", 5, ((VCFSE, 3), (LA, 2))),
        ("Group B", 5, ((VCFSE, 2), (LA, 2), ("Funder", 1))),
    ]
    assert {row.number for row in opinion.differences[:2]} == {1, 4}
    split = next(row for row in opinion.differences if row.number == 1)
    assert [(s.name, s.percent, s.count, s.n) for s in split.group_shares] == [
        ("Group A", 100, 5, 5),
        ("Group B", 0, 0, 5),
    ]
    assert [row.number for row in opinion.common] == [6, 2]


def test_a_statement_one_sector_short_of_common_ground_is_close_to_it():
    workshop, activity, _, _ = _world()

    opinion = room_opinion(workshop=workshop, current=activity)

    assert [(n.number, n.text, n.short.name, n.short.count, n.short.n, n.others) for n in opinion.near] == [
        (7, "Statement 7", LA, 2, 4, 4)
    ]
    assert opinion.threshold_percent == 60 and opinion.near_floor == 50


def _group(label, n_agree, n_votes):
    share = n_agree / n_votes if n_votes else 0.0
    return GroupShare(label, n_votes, n_agree, n_votes - n_agree, share, (1 + n_agree) / (2 + n_votes))


def test_close_means_one_short_and_no_more_than_ten_points_under_the_threshold():
    rows = {
        1: ((5, 5), (3, 5)),  # B at 60%, not more than 60%: close
        2: ((5, 5), (5, 10)),  # B at 50%, exactly ten points under: close
        3: ((5, 5), (49, 100)),  # B at 49%: not close
        4: ((3, 5), (3, 5)),  # both at 60%: two short, not close
        5: ((5, 5), (0, 0)),  # B has not voted: not close
    }
    consensus = [Consensus(n, 0.5, 0.1, groups=(_group(0, *a), _group(1, *b))) for n, (a, b) in rows.items()]
    consensus.append(Consensus(6, 0.9, 0.0, groups=(_group(0, 5, 5), _group(1, 5, 5)), common_ground=True))
    analysis = OpinionAnalysis(
        status="groups", reason="", n_participants=10, n_statements=6, min_votes=1, min_group_size=2,
        consensus=tuple(consensus),
    )  # fmt: skip

    near = near_consensus(analysis=analysis, texts={1: "One", 2: "Two"})

    assert [(n.number, n.text, n.short.name, n.short.percent) for n in near] == [
        (1, "One", "Group B", 60),
        (2, "Two", "Group B", 50),
    ]


def test_with_nothing_stored_the_groups_are_being_worked_out():
    workshop, activity, _, _ = _world(store=False)

    opinion = room_opinion(workshop=workshop, current=None)

    assert opinion.activity == activity and opinion.status == "working"
    assert opinion.votes_now == 70 and opinion.needs_update


def test_a_result_behind_the_votes_says_so_and_needs_an_update():
    workshop, activity, people, statements = _world()
    vote = StatementVote.objects.get(statement=statements[7], participant=people[9])
    vote.value = 1
    vote.save()

    changed = room_opinion(workshop=workshop, current=activity)

    assert changed.behind and changed.votes_now == changed.votes_counted == 70
    assert not changed.needs_update  # worked out under ten seconds ago: not asked for again yet
    ResultSnapshot.objects.filter(activity=activity).update(computed_at=timezone.now() - ASK_EVERY)
    assert room_opinion(workshop=workshop, current=activity).needs_update
    extra = ParticipantFactory(workshop=workshop, number=11)
    StatementVote.objects.create(statement=statements[1], participant=extra, value=1)
    more = room_opinion(workshop=workshop, current=activity)
    assert (more.votes_now, more.votes_counted, more.status) == (71, 70, "groups")


def test_no_statements_activity_opened_yet():
    workshop = WorkshopFactory()
    ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.DRAFT)

    assert room_opinion(workshop=workshop, current=None).status == "none"


def _url(workshop):
    ids = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}
    return reverse("workshops:facilitate_partial", kwargs=ids) + "?part=room"


SCRIPT = {"X-Requested-With": "fetch"}


def test_the_panel_asks_once_for_the_groups_then_shows_them_to_a_facilitator(
    client, django_capture_on_commit_callbacks
):
    workshop, _, _, _ = _world(store=False)
    client.force_login(MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user)

    with django_capture_on_commit_callbacks(execute=True) as asked:
        first = client.get(_url(workshop), headers=SCRIPT).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as asked_again:
        page = client.get(_url(workshop), headers=SCRIPT).content.decode()

    def queued(callbacks):
        return sum("_enqueue" in callback.__qualname__ for callback in callbacks)

    assert queued(asked) == 1 and queued(asked_again) == 0
    assert "<html" not in first and "The room" in first
    assert "being worked out from 70 votes" in first and "data-live-working" in first
    assert "Group A</span>, 5 people" in page and "Close to common ground" in page
    assert "Short: Local authority, 50% agreed (2 of 4)" in page
    full = client.get(_url(workshop).replace("?part=room", "")).content.decode()
    assert 'id="facilitate-room"' in full and "Group B</span>, 5 people" in full


def test_the_panel_is_refused_to_an_observer(client):
    workshop, _, _, _ = _world()
    client.force_login(MembershipFactory(project=workshop.project, role=ProjectRole.OBSERVER).user)

    assert client.get(_url(workshop), headers=SCRIPT).status_code in (403, 404)


def test_the_panel_costs_the_same_queries_however_many_people(client):
    small, _, _, _ = _world()
    large, _, _, statements = _world()
    for number in range(11, 41):
        person = ParticipantFactory(workshop=large, number=number, sector="academic")
        StatementVote.objects.create(statement=statements[6], participant=person, value=1)
    workshop_result_snapshots_refresh(workshop=large, now=True)
    for workshop in (small, large):
        MembershipFactory(
            project=workshop.project, role=ProjectRole.FACILITATOR, user__email=f"f{workshop.pk}@example.org"
        )

    counts = []
    for workshop in (small, large):
        client.force_login(workshop.project.memberships.get().user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(workshop), headers=SCRIPT).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]
