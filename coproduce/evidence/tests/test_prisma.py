"""PRISMA 2020 counts from a built decision log, their reconciliation, and the SVG diagram."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from django.template.loader import render_to_string

from coproduce.evidence import prisma
from coproduce.evidence.models import (
    Criterion,
    CriterionKind,
    Decision,
    Reference,
    ScreeningDecision,
    ScreeningStage,
    ScreeningStop,
    SourceType,
)
from coproduce.evidence.prisma import PrismaCounts, prisma_counts, prisma_diagram
from coproduce.evidence.tests.factories import ImportBatchFactory, ReferenceFactory, SearchFactory
from coproduce.projects.models import Project

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Review:
    refs: list[Reference]  # the eight screenable records, in order
    not_uk: Criterion
    no_outcomes: Criterion


def decide(reference: Reference, decision: str, *, stage: str = ScreeningStage.TITLE_ABSTRACT, **kw):
    return ScreeningDecision.objects.create(
        reference=reference, stage=stage, decision=decision, offered_as=kw.pop("offered_as", "active"), **kw
    )


def build_review(project: Project) -> Review:
    """Ten records identified, two duplicates, eight screenable, six screened at title and abstract.

    Scopus: a file of 5 with one exact duplicate merged (4 records); Web of Science: a file of 3, one of which
    the team confirmed duplicates a Scopus record; by hand: a report and a council paper.
    """
    scopus = ImportBatchFactory(
        project=project, search=SearchFactory(project=project, source="Scopus"), records_in_file=5
    )
    scopus.records_created, scopus.duplicates_merged = 4, 1
    scopus.save()
    wos = ImportBatchFactory(
        project=project, search=SearchFactory(project=project, source="Web of Science"), records_in_file=3
    )
    from_scopus = [ReferenceFactory(project=project, batch=scopus) for _ in range(4)]
    from_wos = [ReferenceFactory(project=project, batch=wos) for _ in range(3)]
    from_wos[2].duplicate_of = from_scopus[0]
    from_wos[2].save()
    by_hand = [
        ReferenceFactory(project=project, source_type=SourceType.REPORT),
        ReferenceFactory(project=project, source_type=SourceType.COUNCIL_PAPER),
    ]
    refs: list[Reference] = [*from_scopus, *from_wos[:2], *by_hand]
    not_uk = Criterion.objects.create(project=project, kind=CriterionKind.EXCLUDE, label="Not in the UK")
    no_outcomes = Criterion.objects.create(project=project, kind=CriterionKind.EXCLUDE, label="No outcomes")
    decide(refs[0], Decision.INCLUDE)
    decide(refs[1], Decision.INCLUDE)
    decide(refs[2], Decision.INCLUDE)
    decide(refs[3], Decision.EXCLUDE, reason=not_uk)
    decide(refs[4], Decision.INCLUDE)
    decide(refs[4], Decision.EXCLUDE, reason=not_uk)  # changed their mind: the latest decision counts
    decide(refs[5], Decision.MAYBE)
    return Review(refs=refs, not_uk=not_uk, no_outcomes=no_outcomes)


def stop_record(project: Project, lead, *, p_value: float) -> ScreeningStop:
    """A recorded stop after six of the eight records, when the stopping test gave `p_value`."""
    return ScreeningStop.objects.create(
        project=project,
        stopped_by=lead,
        rule="Hypergeometric test, 95% recall, alpha 0.05",
        p_value=p_value,
        records_screened=6,
        records_unscreened=2,
        reason="The team stopped.",
    )


def add_full_text(review: Review) -> None:
    decide(review.refs[0], Decision.INCLUDE, stage=ScreeningStage.FULL_TEXT)
    decide(review.refs[1], Decision.EXCLUDE, stage=ScreeningStage.FULL_TEXT, reason=review.no_outcomes)
    decide(review.refs[2], Decision.EXCLUDE, stage=ScreeningStage.FULL_TEXT)


def assert_reconciles(counts: PrismaCounts) -> None:
    assert counts.identified == counts.from_databases + counts.from_other_sources
    assert counts.identified - counts.duplicates == counts.screened + counts.unscreened
    assert counts.screened == counts.excluded + counts.maybe_ta + counts.sought
    assert counts.sought == counts.assessed + counts.awaiting_full_text
    if counts.full_text:
        assert counts.assessed == counts.full_text_excluded_total + counts.included + counts.full_text_maybe


@pytest.mark.django_db
def test_prisma_counts_from_a_built_decision_log(project):
    # given a review screened at title and abstract only
    build_review(project)
    # when the counts are worked out
    counts = prisma_counts(project=project)
    # then each box holds what the log says
    assert counts.databases == [("Scopus", 5), ("Web of Science", 3)]
    assert counts.other_sources == [
        ("Council or committee paper", 1),
        ("Report (think tank, LGA, charity, government)", 1),
    ]
    assert (counts.identified, counts.duplicates_merged, counts.duplicates_confirmed) == (10, 1, 1)
    assert (counts.screened, counts.excluded, counts.included_ta, counts.maybe_ta) == (6, 2, 3, 1)
    assert counts.unscreened == 2
    assert not counts.full_text
    assert counts.included == 3  # before full text, the title-and-abstract includes
    assert_reconciles(counts)


@pytest.mark.django_db
def test_prisma_counts_full_text_exclusions_by_reason(project):
    # given full-text decisions on the three records passed on
    add_full_text(build_review(project))
    # when the counts are worked out
    counts = prisma_counts(project=project)
    # then full text is assessed, exclusions are counted by reason and one study is included
    assert counts.full_text
    assert (counts.sought, counts.assessed, counts.awaiting_full_text) == (3, 3, 0)
    assert counts.full_text_excluded == [("No outcomes", 1), (prisma.NO_REASON, 1)]
    assert counts.included == 1
    assert_reconciles(counts)


@pytest.mark.django_db
def test_prisma_counts_reconcile_for_an_empty_review(project):
    counts = prisma_counts(project=project)
    assert counts.identified == counts.screened == counts.included == 0
    assert_reconciles(counts)


@pytest.mark.django_db
def test_prisma_counts_put_unscreened_records_under_automation_tools_after_a_stop(project, lead):
    # given a review whose team recorded a stop (whatever the test said at the time)
    build_review(project)
    stop_record(project, lead, p_value=0.01)
    # when the counts and the diagram are made
    counts = prisma_counts(project=project)
    texts = " ".join(line.text for box in prisma_diagram(counts).boxes for line in box.lines)
    # then the unscreened records are removed before screening by automation tools, with the rule named
    assert counts.stopped_early and "Hypergeometric test" in counts.stopping_rule
    assert "p = 0.010" in counts.stopping_rule
    assert "Records marked as ineligible by automation tools (n = 2)" in texts
    assert "Records not yet screened" not in texts
    assert_reconciles(counts)


@pytest.mark.django_db
def test_prisma_counts_after_a_stop_against_the_test_say_the_team_decided(project, lead):
    # given a stop the team recorded while the test still said "keep screening" (p = 0.300)
    build_review(project)
    stop_record(project, lead, p_value=0.30)
    # when the counts, the diagram and its description are made
    counts = prisma_counts(project=project)
    texts = " ".join(line.text for box in prisma_diagram(counts).boxes for line in box.lines)
    summary = prisma.prisma_summary(counts)
    # then the records left are removed for other reasons, by the team's decision, not credited to the rule
    assert counts.stopped_early and not counts.stop_test_met
    assert "Records removed for other reasons (n = 2)" in texts
    assert "automation tools" not in texts and "automation tools" not in summary
    assert "stopped by the team's decision before the stopping test was met" in " ".join(texts.split())
    assert "removed for other reasons: screening stopped by the team's decision" in summary
    assert "p = 0.300" in summary
    assert_reconciles(counts)


@pytest.mark.django_db
def test_prisma_counts_after_a_resume_show_records_not_yet_screened(project, lead):
    build_review(project)
    for resumed in (False, True):
        ScreeningStop.objects.create(project=project, stopped_by=lead, reason="r", resumed=resumed)
    counts = prisma_counts(project=project)
    assert not counts.stopped_early
    assert_reconciles(counts)


@pytest.mark.django_db
def test_prisma_counts_do_not_stop_early_without_a_stop(project):
    build_review(project)
    counts = prisma_counts(project=project)
    assert not counts.stopped_early and counts.stopping_rule == ""


@pytest.mark.django_db
@pytest.mark.parametrize("full_text", [False, True])
def test_prisma_svg_parses_and_has_title_desc_and_counts(project, full_text):
    # given a built review, with or without full-text decisions
    review = build_review(project)
    if full_text:
        add_full_text(review)
    # when the diagram is drawn as a file of its own
    svg = render_to_string(
        "evidence/_prisma_svg.html",
        {"diagram": prisma_diagram(prisma_counts(project=project)), "project": project, "standalone": True},
    )
    # then it is well-formed SVG, labelled for screen readers, and every count is in its text
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert "PRISMA 2020" in root.findtext(f"{SVG}title", "")
    assert "10 records identified" in root.findtext(f"{SVG}desc", "")
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for expected in ["Records identified (n = 10)", "Scopus (n = 5)", "Duplicate records (n = 2)"]:
        assert expected in texts
    assert "Records screened on title and abstract (n = 6)" in texts
    assert "marked maybe, still to decide (n = 1)" in texts
    assert "Records excluded (n = 2)" in texts
    assert f"Studies included in review (n = {1 if full_text else 3})" in texts
    assert ("No outcomes (n = 1)" in texts) is full_text


@pytest.mark.parametrize("stopped", [False, True])
def test_prisma_diagram_boxes_fit_the_view_box(stopped):
    counts = PrismaCounts(
        databases=[("A database with a very long name that has to wrap over lines", 12)],
        other_sources=[],
        duplicates_merged=1,
        duplicates_confirmed=0,
        screened=11,
        excluded=5,
        included_ta=6,
        maybe_ta=0,
        unscreened=3 if stopped else 0,
        stopped_early=stopped,
        stopping_rule="Hypergeometric test, 95% recall, alpha 0.05 (p = 0.012)" if stopped else "",
        full_text=False,
        assessed=0,
        full_text_excluded=[],
        full_text_maybe=0,
        included=6,
    )
    diagram = prisma_diagram(counts)
    for box in diagram.boxes:
        assert box.x + box.width <= diagram.width and box.y + box.height <= diagram.height
        assert all(box.y < line.y < box.y + box.height for line in box.lines)


def test_records_skipped_as_unusable_are_neither_identified_nor_removed(project, lead):
    from coproduce.evidence.services.imports import references_import

    text = (
        "TY  - JOUR\nTI  - Ward forums\nPY  - 2020\nER  - \n\nTY  - JOUR\nAU  - Nobody, N\nER  - \n\n"
        "TY  - JOUR\nTI  - Food banks\nPY  - 2021\nER  - \n\n"
        "TY  - JOUR\nTI  - Ward forums\nPY  - 2020\nER  - \n"
    )
    batch = references_import(project=project, search=None, filename="a.ris", fmt="ris", text=text, by=lead)
    counts = prisma_counts(project=project)
    assert (batch.records_in_file, batch.records_skipped, batch.duplicates_merged) == (3, 1, 1)
    assert (counts.identified, counts.duplicates) == (3, 1)
    assert_reconciles(counts)
