"""Common ground has a stated threshold, and every smoothed share is shown beside its raw share and n.

A workshop worked out by hand: ten people in two opinion groups of five, A (participants 1-5) and B (6-10),
each in a sector: VCFSE 1, 2, 3, 6, 7; local authority 4, 5, 8, 9; funder 10. Six statements:

1. split: A all agree, B all disagree.            A 5/5 = 100%, B 0/5 = 0%: not common ground.
2. common: all agree, participant 9 passes.       A 5/5, B 4/5 = 80%; VCFSE 5/5, LA 3/4 = 75%, funder 1/1.
3. borderline: 4 and 5 disagree, the rest agree.  A 3/5 = 60%, not more than 60%: not common ground.
4. mirror of 1: A all disagree, B all agree.
5. sector-blocked: all agree but participant 10.  A 5/5, B 4/5, but the funder 0/1: not common ground.
6. everyone agrees.                               100% everywhere.

So the common ground is statements 6 and 2, in that order (Pol.is's product of the groups' smoothed agree
shares: 6/7 x 6/7 = 36/49 for 6, 6/7 x 5/7 = 30/49 for 2). The old list, the five statements with the highest
product, also held 5, 3 and the split statement 1 (6/7 x 1/7).
Group A's representative statement 1: 5 of 5 agreed, shown as 100% (5 of 5), smoothed (1 + 5) / (2 + 5) = 86%.
Cross-sector score of statement 2: the lowest smoothed share among sectors with 2 or more votes, local
authority (1 + 3) / (2 + 4) = 67%, from 3 of 4 = 75%.
"""

import io
import re

import docx
import pytest
from django.urls import reverse

from coproduce.workshops.exports.summary_docx import summary_document
from coproduce.workshops.exports.xlsx import SHEETS, statements_rows
from coproduce.workshops.models import ActivityKind, ActivityState, ParticipantSector, StatementVote
from coproduce.workshops.opinion import opinion_analyse
from coproduce.workshops.result_payloads import opinion_decode, opinion_encode
from coproduce.workshops.selectors.results import workshop_results
from coproduce.workshops.services.snapshots import workshop_result_snapshots_refresh

from .factories import ActivityFactory, ParticipantFactory, StatementFactory, WorkshopFactory

V, LA, F = ParticipantSector.VCFSE, ParticipantSector.LOCAL_AUTHORITY, ParticipantSector.FUNDER
SECTORS = {1: V, 2: V, 3: V, 4: LA, 5: LA, 6: V, 7: V, 8: LA, 9: LA, 10: F}
# Statement number: votes of participants 1..10.
VOTES = {
    1: [1, 1, 1, 1, 1, -1, -1, -1, -1, -1],
    2: [1, 1, 1, 1, 1, 1, 1, 1, 0, 1],
    3: [1, 1, 1, -1, -1, 1, 1, 1, 1, 1],
    4: [-1, -1, -1, -1, -1, 1, 1, 1, 1, 1],
    5: [1, 1, 1, 1, 1, 1, 1, 1, 1, -1],
    6: [1] * 10,
}


def _votes():
    return [(p, s, values[p - 1]) for s, values in VOTES.items() for p in SECTORS]


def test_common_ground_needs_every_group_and_sector_above_the_threshold():
    analysis = opinion_analyse(votes=_votes(), sectors={p: str(s) for p, s in SECTORS.items()})

    assert [g.members for g in analysis.groups] == [(1, 2, 3, 4, 5), (6, 7, 8, 9, 10)]
    assert analysis.common_ground_threshold == 0.6
    assert [c.statement for c in analysis.consensus if c.common_ground] == [6, 2]
    by_statement = {c.statement: c for c in analysis.consensus}
    split = by_statement[1]
    assert [(g.n_agree, g.n_votes, g.share) for g in split.groups] == [(5, 5, 1.0), (0, 5, 0.0)]
    assert split.groups[0].smoothed == pytest.approx(6 / 7)
    assert [(g.n_agree, g.n_votes) for g in by_statement[3].groups] == [(3, 5), (5, 5)]
    first = next(r for r in analysis.repness[0] if r.statement == 1)
    assert (first.n_direction, first.n_votes, first.share) == (5, 5, 1.0)
    assert first.p_in == pytest.approx(6 / 7)
    assert not by_statement[3].common_ground  # 60% is not more than 60%
    assert not by_statement[5].common_ground  # the funder disagreed
    without_sectors = opinion_analyse(votes=_votes())
    assert [c.statement for c in without_sectors.consensus if c.common_ground] == [6, 2, 5]


def test_the_threshold_and_the_groups_votes_survive_storing():
    analysis = opinion_analyse(votes=_votes(), sectors={p: str(s) for p, s in SECTORS.items()})

    decoded, _, _ = opinion_decode(opinion_encode(analysis, counts={}, sectors={}))

    assert decoded == analysis


def test_a_result_stored_before_the_groups_votes_were_kept_still_reads():
    analysis = opinion_analyse(votes=_votes())
    payload = opinion_encode(analysis, counts={}, sectors={})
    stored = payload["analysis"]
    del stored["common_ground_threshold"]
    for row in stored["consensus"] + stored["divisive"]:
        row.pop("groups")
        row.pop("common_ground", None)

    decoded, _, _ = opinion_decode(payload)

    assert decoded.common_ground_threshold == 0.6
    assert [c.groups for c in decoded.consensus] == [()] * 6 and not any(
        c.common_ground for c in decoded.consensus
    )


def common_ground_world(**workshop_fields):
    """The workshop above, with its result worked out and stored."""
    workshop = WorkshopFactory(**workshop_fields)
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, title="Grants")
    statements = {n: StatementFactory(activity=activity, number=n, text=f"Statement {n}") for n in VOTES}
    for number, sector in SECTORS.items():
        person = ParticipantFactory(workshop=workshop, number=number, sector=sector)
        for s, values in VOTES.items():
            StatementVote.objects.create(
                statement=statements[s], participant=person, value=values[number - 1]
            )
    workshop_result_snapshots_refresh(workshop=workshop, now=True)
    return workshop


@pytest.fixture
def workshop(db):
    return common_ground_world()


def _summary(workshop):
    (item,) = workshop_results(workshop=workshop).activities
    return item.summary


def test_the_summary_lists_only_the_common_ground_with_each_groups_and_sectors_share(workshop):
    summary = _summary(workshop)

    assert [r.number for r in summary.consensus] == [6, 2]
    assert summary.consensus_columns == (
        "Group A", "Group B", "Funder", "Local authority",
        "VCFSE (voluntary, community, faith, social enterprise)",
    )  # fmt: skip
    common = summary.consensus[1]
    assert [(s.name, s.count, s.n, s.percent) for s in common.shares] == [
        ("Group A", 5, 5, 100), ("Group B", 4, 5, 80), ("Funder", 1, 1, 100),
        ("Local authority", 3, 4, 75), ("VCFSE (voluntary, community, faith, social enterprise)", 5, 5, 100),
    ]  # fmt: skip
    assert summary.common_ground_rule == "more than 60% of every opinion group and every sector agreed"


def test_smoothed_shares_come_with_their_raw_share_and_n(workshop):
    summary = _summary(workshop)

    group_a = summary.representative[0]
    first = next(r for r in group_a.rows if r.number == 1)
    assert (first.group.count, first.group.n, first.group.percent, first.group.smoothed_percent) == (
        5,
        5,
        100,
        86,
    )
    cross = {r.number: r for r in summary.cross_sector}[2]
    assert cross.score == pytest.approx(4 / 6)
    assert (cross.lowest.name, cross.lowest.count, cross.lowest.n, cross.lowest.percent) == (
        "Local authority", 3, 4, 75,
    )  # fmt: skip
    assert cross.lowest.smoothed_percent == 67 and cross.common_ground
    assert not {r.number: r for r in summary.cross_sector}[5].common_ground


def _text(html):
    """The page's words: inline spans dropped, other tags as spaces, spaces collapsed."""
    inline = re.sub(r"</?span[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inline))


def _page(client, member, workshop, name):
    """The words of one of the workshop's pages, as a lead of its project sees it."""
    client.force_login(member(in_project=workshop.project))
    ids = {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}
    return _text(client.get(reverse(name, kwargs=ids)).content.decode())


def test_the_results_page_states_the_threshold_and_leaves_out_the_split_statement(client, member, workshop):
    page = _page(client, member, workshop, "workshops:workshop_results")

    common = page[page.index("Common ground") : page.index("Where groups differ")]
    assert "more than 60% of every opinion group and every sector agreed" in common
    assert "6. Statement 6" in common and "2. Statement 2" in common
    assert (
        "1. Statement 1" not in common and "3. Statement 3" not in common and "5. Statement 5" not in common
    )
    assert "80% (4 of 5)" in common and "75% (3 of 4)" in common
    assert "100% agree (5 of 5) adjusted 86%" in page
    assert "adjusted 67%: Local authority 75% (3 of 4)" in page


def test_the_summary_document_states_the_threshold_and_the_raw_shares(workshop):
    document = docx.Document(io.BytesIO(summary_document(results=workshop_results(workshop=workshop))))

    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert "more than 60% of every opinion group and every sector agreed" in text
    common = next(
        i for i, row in enumerate(cells) if row[:3] == ["Statement", "Group A agreed", "Group B agreed"]
    )
    assert [row[0] for row in cells[common + 1 : common + 3]] == ["6. Statement 6", "2. Statement 2"]
    assert cells[common + 2][1:3] == ["100% (5 of 5)", "80% (4 of 5)"]
    assert ["1. Statement 1", "100% agree (5 of 5); adjusted 86%"] in cells
    assert any(
        row[0] == "2. Statement 2" and "adjusted 67%: Local authority 75% (3 of 4)" in row for row in cells
    )


def test_the_projector_reveal_shows_the_common_ground_with_raw_shares(client, member, workshop):
    activity = workshop.activities.get()
    activity.state = ActivityState.REVEALED
    activity.save()

    page = _page(client, member, workshop, "workshops:projector")

    common = page[page.rindex("Common ground") :]  # the section, after the statements' marks
    assert "more than 60% of every opinion group and every sector agreed" in common
    assert "Statement 6" in common and "Statement 2" in common
    assert "Statement 1 " not in common and "Statement 5" not in common
    assert "Opinion groups: Group A 100% (5 of 5); Group B 80% (4 of 5)." in common
    assert "Local authority 75% (3 of 4)" in common


def test_the_workbook_gives_the_raw_figure_beside_the_score_and_the_common_ground(workshop):
    rows = {row[1]: row for row in statements_rows(workshop_results(workshop=workshop))}

    assert rows[2][10] == pytest.approx(4 / 6)
    assert rows[2][11:] == ["Local authority", 3, 4, "yes"]
    assert rows[1][-1] == "no" and rows[5][-1] == "no" and rows[6][-1] == "yes"
    assert SHEETS["Statements"][-1] == "common ground (more than 60% of every group and sector agreed)"
