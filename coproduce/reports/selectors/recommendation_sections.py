"""The report's recommendations section: a table of every recommendation with its lead, timeframe, priority,
status and endorsement, then each one in turn with its partners, the resources it needs, its measure of
success and why, and the results of its endorsement round by sector with any objections it was published over
(in the public version, small groups of people are not counted: `endorsement_summary.py`).
"""

from coproduce.projects.models import Project
from coproduce.recommendations.models import Recommendation, RecommendationStatus
from coproduce.recommendations.selectors.endorsement_summary import (
    SECTOR_HEADINGS,
    EndorsementFigures,
    endorsement_figures,
    endorsement_summaries,
)
from coproduce.recommendations.selectors.recommendations import (
    recommendation_list,
    recommendation_public_list,
)

from ..document import Audience, Block, Facts, Heading, Paragraph, Prose, Table

NONE = "\u2013"  # an en dash: nothing recorded
HEADINGS = ["No.", "Recommendation", "Lead", "When", "Priority", "Status", "Endorsement"]


def recommendation_status(recommendation: Recommendation) -> str:
    """E.g. "Published: in progress", or "Draft, not published" (for the team only) with an en dash."""
    if recommendation.status == RecommendationStatus.PUBLISHED:
        return f"Published: {recommendation.get_progress_display().lower()}"
    return f"{recommendation.get_status_display()} \u2013 not published"


def _row(r: Recommendation, endorsed: EndorsementFigures | None) -> list[str]:
    when, priority = r.get_timeframe_display(), r.get_priority_display()
    short = endorsed.short if endorsed else NONE
    return [r.label, r.action, r.lead, when, priority, recommendation_status(r), short]


def _endorsement(r: Recommendation, endorsed: EndorsementFigures) -> list[Block]:
    """The round's figures by sector, and the objections it was published over with the lead's reason."""
    blocks: list[Block] = [
        Paragraph(endorsed.overall),
        Table(
            f"Endorsement of {r.label} by sector",
            SECTOR_HEADINGS,
            endorsed.rows,
            numeric=(1, 2, 3, 4, 5),
            shape="endorsement",
        ),
    ]
    if endorsed.note:
        blocks.append(Paragraph(endorsed.note))
    if endorsed.warnings:
        blocks.append(Paragraph("It was published over objections, which the project lead read first:"))
        facts = [("Objection", warning) for warning in endorsed.warnings]
        blocks.append(Facts([*facts, ("Why it was published", endorsed.reason or NONE)]))
    return blocks


def _details(r: Recommendation) -> list[Block]:
    draft = "" if r.status == RecommendationStatus.PUBLISHED else f" ({recommendation_status(r)})"
    facts = [
        ("Priority", r.get_priority_display()),
        ("Status", recommendation_status(r)),
        ("Lead", r.lead),
        ("Partners", r.partners or NONE),
        ("When", r.get_timeframe_display()),
        ("Resources needed", r.resources or NONE),
        ("Measure of success", r.measure or NONE),
    ]
    blocks: list[Block] = [Heading(f"{r.label}. {r.action}{draft}")]
    blocks.append(Facts(facts))
    return blocks + ([Prose(r.rationale)] if r.rationale else [])


def recommendation_blocks(*, project: Project, audience: Audience) -> list[Block]:
    """The public sees only published recommendations; the team also sees the others, marked as such."""
    if audience == Audience.PUBLIC:
        recommendations = list(recommendation_public_list(project=project))
    else:
        recommendations = list(recommendation_list(project=project))
    if not recommendations:
        return [Paragraph("No recommendations have been published yet.")]
    public = audience == Audience.PUBLIC
    summaries = endorsement_summaries(recommendations=recommendations)
    endorsed = {pk: endorsement_figures(summary=summary, public=public) for pk, summary in summaries.items()}
    rows = [_row(r, endorsed.get(r.pk)) for r in recommendations]
    blocks: list[Block] = [Table("The recommendations", HEADINGS, rows, shape="recommendations")]
    for r in recommendations:
        blocks += _details(r)
        if r.pk in endorsed:
            blocks += _endorsement(r, endorsed[r.pk])
    return blocks
