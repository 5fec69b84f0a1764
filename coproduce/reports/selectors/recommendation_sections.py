"""The report's recommendations section: a table of every recommendation with its lead, timeframe, priority
and status, then each one in turn with its partners, the resources it needs, its measure of success and why.
"""

from coproduce.projects.models import Project
from coproduce.recommendations.models import Recommendation, RecommendationStatus
from coproduce.recommendations.selectors.recommendations import (
    recommendation_list,
    recommendation_public_list,
)

from ..document import Audience, Block, Facts, Heading, Paragraph, Prose, Table

NONE = "\u2013"  # an en dash: nothing recorded
HEADINGS = ["No.", "Recommendation", "Lead", "When", "Priority", "Status"]


def recommendation_status(recommendation: Recommendation) -> str:
    """E.g. "Published: in progress", or "Draft, not published" (for the team only) with an en dash."""
    if recommendation.status == RecommendationStatus.PUBLISHED:
        return f"Published: {recommendation.get_progress_display().lower()}"
    return f"{recommendation.get_status_display()} \u2013 not published"


def _row(r: Recommendation) -> list[str]:
    when, priority = r.get_timeframe_display(), r.get_priority_display()
    return [r.label, r.action, r.lead, when, priority, recommendation_status(r)]


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
    rows = [_row(r) for r in recommendations]
    blocks: list[Block] = [Table("The recommendations", HEADINGS, rows, shape="recommendations")]
    for r in recommendations:
        blocks += _details(r)
    return blocks
