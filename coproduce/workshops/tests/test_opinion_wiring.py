"""The statements analysis read from the database: sectors, moderated-out statements, figures by hand."""

import pytest

from coproduce.workshops.models import (
    ActivityKind,
    ParticipantSector,
    StatementStatus,
    StatementVote,
)
from coproduce.workshops.selectors.opinion import statements_analyse

from .factories import ActivityFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db

V, LA, NO = ParticipantSector.VCFSE, ParticipantSector.LOCAL_AUTHORITY, ParticipantSector.PREFER_NOT
# Participant number: (sector, votes on statements 0, 1, 2, 3). Statement 3 is moderated out.
FIXTURE = {
    1: (V, [1, 1, -1, 1]),
    2: (V, [1, 1, -1, 1]),
    3: (V, [1, 0, -1, 1]),
    4: (LA, [1, -1, 1, -1]),
    5: (LA, [-1, -1, 1, -1]),
    6: (NO, [1, -1, 1, -1]),
}


def _activity(*, people: int = 6):
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS)
    statements = [StatementFactory(activity=activity, number=n) for n in range(4)]
    statements[3].status = StatementStatus.REJECTED
    statements[3].save()
    for number, (sector, values) in list(FIXTURE.items())[:people]:
        person = ParticipantFactory(workshop=activity.workshop, number=number, sector=sector)
        for statement, value in zip(statements, values, strict=True):
            StatementVote.objects.create(statement=statement, participant=person, value=value)
    return activity


def test_statements_analyse_cross_sector_by_hand():
    result = statements_analyse(activity=_activity())
    by_statement = {c.statement: c for c in result.analysis.cross_sector}
    # Statement 3 is moderated out; participant 6 preferred not to give a sector.
    assert set(by_statement) == {0, 1, 2}
    s0 = {s.sector: s for s in by_statement[0].sectors}
    assert set(s0) == {V.value, LA.value}
    # VCFSE: 3 of 3 agree, smoothed (1 + 3) / (2 + 3) = 0.8; local authority: 1 of 2, (1 + 1) / (2 + 2) = 0.5.
    assert (s0[V].n_votes, s0[V].n_agree, s0[V].share) == (3, 3, 1.0)
    assert s0[V].smoothed == pytest.approx(0.8)
    assert (s0[LA].n_votes, s0[LA].n_agree) == (2, 1)
    assert by_statement[0].score == pytest.approx(0.5)
    # Statement 1: VCFSE 2 of 3 (the pass counts as a vote): 3/5; local authority 0 of 2: 1/4.
    assert by_statement[1].score == pytest.approx(0.25)


def test_statements_analyse_counts_and_statements():
    result = statements_analyse(activity=_activity())
    assert set(result.statements) == {0, 1, 2, 3}
    s0, s1 = result.counts[0], result.counts[1]
    assert (s0.agree, s0.disagree, s0.passed, s0.n) == (5, 1, 0, 6)
    assert s0.agree_share == pytest.approx(5 / 6)
    assert (s1.agree, s1.disagree, s1.passed) == (2, 3, 1)
    assert s1.pass_share == pytest.approx(1 / 6)
    assert result.sectors[6] == ""
    assert result.sectors[1] == V.value


def test_statements_analyse_groups_leave_out_moderated_statements():
    result = statements_analyse(activity=_activity())
    analysis = result.analysis
    # Every participant voted on all 4 statements (min_votes = 4); 3 statements are analysed.
    assert analysis.status == "groups"
    assert analysis.n_statements == 3
    assert sorted(sorted(g.members) for g in analysis.groups) == [[1, 2, 3], [4, 5, 6]]
    assert all(c.statement != 3 for c in analysis.consensus)


def test_statements_analyse_not_enough_votes_yet():
    # Four people voted: two groups of at least 3 need 6.
    result = statements_analyse(activity=_activity(people=4))
    assert result.analysis.status == "not_enough_votes"
    assert result.analysis.n_participants == 4
    assert result.analysis.cross_sector  # still reported
