"""The chain of evidence as a tree: recommendation, elements, each kind of evidence with its figures, and the
views by sector; read in a fixed number of queries; shown nested on the page, as path rows in the export,
and in a public version that keeps out what may not be public."""

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.analysis.tests.speaker_data import code_group_words, consent_set, group_interview
from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.people.sectors import Sector
from coproduce.recommendations.models import Recommendation
from coproduce.recommendations.selectors.trace import (
    Trace,
    project_trace_trees,
    recommendation_trace_tree,
)
from coproduce.recommendations.services.recommendations import (
    recommendation_create,
    recommendation_evidence_add,
    recommendation_publish,
)
from coproduce.recommendations.tests.test_objections import _answers
from coproduce.workshops.models import Cluster, DotVote, StatementVote
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    CardFactory,
    ParticipantFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

F, V = Sector.FUNDER, Sector.VCFSE
QUOTE = "we refer people to the food bank every week"


@dataclass
class World:
    recommendation: Recommendation
    group: Any
    card: Any


def _world(project, lead) -> World:
    """R1 puts two elements into practice. "Trust first" has a theme (one code, one quote), the quote (said
    by P08 of a clinic), a record, a card with 2 dots, a cluster with 3 and a statement with 3 votes; "Share
    records" a record; R1 links a record directly. Three funders and one VCFSE body answered on it."""
    group = group_interview(project, lead)
    consent_set(group.colleague, lead, ConsentScope.ANONYMISED_QUOTES)
    theme = theme_create(project=project, by=lead, name="Working together", codes=[group.code])
    quote = quote_add(theme=theme, coding=code_group_words(group, lead, QUOTE), by=lead, for_outputs=True)
    framework = framework_create(project=project, by=lead, title="Early help")
    trust = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    share = element_create(framework=framework, by=lead, title="Share records", level="tactical")
    board = ActivityFactory(workshop__project=project, workshop__series__project=project)
    card = CardFactory(activity=board, text="One referral form")
    cluster = Cluster.objects.create(activity=board, title="Referrals")
    statement = StatementFactory(activity__workshop=board.workshop, text="Funders should pool grants")
    for slot, value in enumerate([1, 1, 0], start=1):
        person = ParticipantFactory(workshop=board.workshop)
        StatementVote.objects.create(statement=statement, participant=person, value=value)
        on: dict[str, Any] = {"card": card} if slot < 3 else {"cluster": cluster}
        DotVote.objects.create(activity=board, participant=person, slot=1, allowance=3, **on)
        if slot < 3:
            DotVote.objects.create(activity=board, participant=person, slot=2, allowance=3, cluster=cluster)
    links: list[tuple[str, Any, str]] = [
        ("theme", theme, "Heard in every sector"), ("quote", quote, ""),
        ("reference", ReferenceFactory(project=project, title="Pooled budgets review"), ""),
        ("card", card, ""), ("cluster", cluster, ""), ("statement", statement, ""),
    ]  # fmt: skip
    for kind, target, note in links:
        evidence_link_add(element=trust, by=lead, kind=kind, target=target, note=note)
    audit = ReferenceFactory(project=project, title="Records audit")
    evidence_link_add(element=share, by=lead, kind="reference", target=audit)
    r1 = recommendation_create(project=project, by=lead, action="Pool grants", elements=[trust, share])
    direct = ReferenceFactory(project=project, title="Grant pooling case")
    recommendation_evidence_add(recommendation=r1, by=lead, kind="reference", target=direct)
    _answers(project, lead, r1, [(F, "support"), (F, "changes"), (F, "object"), (V, "support")])
    return World(r1, group, card)


def _shape(tree: Trace) -> list[tuple[str, str, list[tuple[str, list[tuple[str, str, tuple[str, ...]]]]]]]:
    """Each branch, its groups and their items (label, figures up to any score after ";", codes)."""
    return [
        (
            branch.title,
            branch.level,
            [
                (g.heading, [(i.label, i.figures.split(";")[0], i.parts) for i in g.items])
                for g in branch.groups
            ],
        )
        for branch in tree.branches
    ]


def test_the_tree_runs_from_the_recommendation_through_elements_to_each_kind_of_evidence(project, lead):
    world = _world(project, lead)

    tree = recommendation_trace_tree(recommendation=world.recommendation)

    assert _shape(tree) == [
        ("Linked directly", "", [("Studies and records", [("Grant pooling case", "", ())])]),
        ("Early help: Trust first", "Cultural", [
            ("Themes", [("Working together", "1 quote", ("Referrals",))]),
            ("Quotes", [(f"“{QUOTE}”", "", ())]),
            ("Studies and records", [("Pooled budgets review", "", ())]),
            ("Workshop cards", [("One referral form", "2 dots", ())]),
            ("Workshop clusters", [("Referrals", "3 dots", ())]),
            ("Statements and votes", [(
                "Funders should pool grants", "3 votes: 2 agree, 0 disagree, 1 pass", ()
            )]),
        ]),
        ("Early help: Share records", "Tactical", [("Studies and records", [("Records audit", "", ())])]),
    ]  # fmt: skip
    quote = tree.branches[1].groups[1].items[0]
    assert quote.detail == f"P08, {Sector.PUBLIC_SECTOR.label}; theme Working together"
    assert tree.endorsement is not None and tree.round_title == "Round 1"
    assert [(s.label, s.counts, s.total) for s in tree.endorsement.by_sector] == [
        (V.label, {"support": 1, "changes": 0, "object": 0}, 1),
        (F.label, {"support": 1, "changes": 1, "object": 1}, 3),
    ]


def _grow(project, lead, world: World, n: int) -> None:
    """n more recommendations, each with n more elements, each with n more records, cards and statements."""
    framework = framework_create(project=project, by=lead, title=f"More {n}")
    board = world.card.activity
    for i in range(n):
        elements = []
        for j in range(n):
            element = element_create(framework=framework, by=lead, title=f"E{i}.{j}", level="strategic")
            targets: list[tuple[str, Any]] = [
                ("reference", ReferenceFactory(project=project)),
                ("card", CardFactory(activity=board)),
                ("statement", StatementFactory(activity__workshop=board.workshop)),
            ]
            for kind, target in targets:
                evidence_link_add(element=element, by=lead, kind=kind, target=target)
            elements.append(element)
        r = recommendation_create(project=project, by=lead, action=f"Act {i}", elements=elements)
        _answers(project, lead, r, [(V, "support"), (F, "object")])


def test_the_tree_is_read_in_a_fixed_number_of_queries_whatever_the_number_of_links(
    project, lead, django_assert_max_num_queries
):
    world = _world(project, lead)
    with CaptureQueriesContext(connection) as small:
        project_trace_trees(project=project)
    _grow(project, lead, world, 4)

    with django_assert_max_num_queries(len(small)):
        trees = project_trace_trees(project=project)

    assert len(trees) == 5 and sum(len(t.branches) for t in trees) == 3 + 4 * 4
    assert all(t.endorsement is not None for t in trees)


def _public_text(project) -> str:
    return repr(project_trace_trees(project=project, public=True))


def test_the_public_version_keeps_out_drafts_team_notes_codes_and_withdrawn_quotes(project, lead):
    world = _world(project, lead)
    assert project_trace_trees(project=project, public=True) == []  # R1 is a draft

    recommendation_publish(recommendation=world.recommendation, by=lead, reason="Agreed")
    recommendation_create(project=project, by=lead, action="A draft not to be seen")
    tree = project_trace_trees(project=project, public=True)[0]
    quote = tree.branches[1].groups[1].items[0]
    assert quote.detail == f"{Sector.PUBLIC_SECTOR.label}; theme Working together"
    text = _public_text(project)
    assert "P08" not in text and "Heard in every sector" not in text and "A draft" not in text
    assert "href='/" not in text

    # once P08 withdraws, the quote leaves the public version (the team's keeps it)
    consent_set(world.group.colleague, lead, ConsentScope.ANONYMISED_QUOTES, kind=ConsentKind.WITHDRAWN)
    assert QUOTE not in _public_text(project)
    assert QUOTE in repr(project_trace_trees(project=project))
    # and a card the facilitator hides afterwards too
    world.card.hidden = True
    world.card.save()
    assert "One referral form" not in _public_text(project)


def _kwargs(project, recommendation):
    return {"project_id": project.public_id, "recommendation_id": recommendation.public_id}


def test_the_page_shows_the_levels_nested_and_the_views_by_sector(project, lead, lead_client):
    world = _world(project, lead)

    page = lead_client.get(
        reverse("recommendations:recommendation_trace", kwargs=_kwargs(project, world.recommendation))
    ).content.decode()

    assert 'class="govuk-heading-s govuk-!-margin-bottom-1">Element: Early help: Trust first</h3>' in page
    assert '<span class="govuk-details__summary-text">Themes (1)</span>' in page
    assert "<li>Code: Referrals</li>" in page and "Why: Heard in every sector" in page
    assert "<strong>3 dots</strong>" in page and "P08" in page
    assert "Views by sector" in page and f'<th scope="row" class="govuk-table__header">{F.label}</th>' in page


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_export_has_a_row_per_step_with_its_path(project, lead, lead_client):
    world = _world(project, lead)

    rows = _csv_rows(
        lead_client.get(
            reverse("recommendations:recommendation_trace_csv", kwargs=_kwargs(project, world.recommendation))
        )
    )

    paths = [row[0] for row in rows]
    assert rows[0][:2] == ["Path", "Recommendation"]
    assert paths[1:4] == ["R1", "R1 > Linked directly > Grant pooling case", "R1 > Early help: Trust first"]
    assert "R1 > Early help: Trust first > Working together > Referrals" in paths
    assert f"R1 > Early help: Trust first > “{QUOTE}”" in paths
    endorsement = rows[paths.index(f"R1 > Endorsement > {F.label}")]
    assert endorsement[5:8] == [
        F.label, "Round 1", "1 support, 1 support with changes, 1 object (3 answered of 3 asked)",
    ]  # fmt: skip


def test_the_project_export_in_its_public_version_leaks_nothing_private(project, lead, lead_client):
    world = _world(project, lead)
    recommendation_publish(recommendation=world.recommendation, by=lead, reason="Agreed")
    recommendation_create(project=project, by=lead, action="A draft not to be seen")
    url = reverse("recommendations:project_trace_csv", kwargs={"project_id": project.public_id})

    team = lead_client.get(url).content.decode()
    public = lead_client.get(url, {"version": "public"}).content.decode()

    assert "P08" in team and "Heard in every sector" in team and "A draft not to be seen" in team
    assert "P08" not in public and "Heard in every sector" not in public and "A draft" not in public
    assert "Ffion Quillfeather" not in public + team and "Olu Adeyemi" not in public + team
    assert "R1 > Early help: Trust first > Working together > Referrals" in public
    # three funders and one VCFSE body answered: too few to count in public, so pooled, with no totals
    few = "fewer than 5"
    pool = f"Other sectors together: {V.label}; {F.label}"
    assert (
        f"{few} support, {few} support with changes, {few} object ({few} answered of {few} asked)" in public
    )
    assert pool in public and "Endorsement > Everyone" not in public and "(3 answered" not in public
