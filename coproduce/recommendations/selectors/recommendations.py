"""Reads of recommendations: the list, one recommendation, its history, and its chain of evidence."""

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from coproduce.frameworks.models import Element
from coproduce.frameworks.selectors.evidence import EvidenceItem, element_evidence, evidence_items
from coproduce.projects.models import Project

from ..models import ProgressUpdate, Recommendation, RecommendationEvidence, RecommendationStatus


def recommendation_list(*, project: Project) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(project=project)
        .select_related("project", "lead_organisation")  # the project: each one's address names it
        .prefetch_related("elements__framework")
    )


def recommendation_public_list(*, project: Project) -> QuerySet[Recommendation]:
    """The recommendations the public may see: published ones only, with their progress and milestones.
    The one rule for every public output: the public page and the report as downloaded or published."""
    return (
        recommendation_list(project=project)
        .filter(status=RecommendationStatus.PUBLISHED)
        .prefetch_related("updates", "milestones")
    )


def recommendation_get(*, project: Project, public_id: uuid.UUID) -> Recommendation:
    found = recommendation_list(project=project).filter(public_id=public_id).first()
    if found is None:
        raise Http404("No such recommendation.")
    return found


def progress_update_get(*, recommendation: Recommendation, pk: int) -> ProgressUpdate:
    found = ProgressUpdate.objects.filter(recommendation=recommendation, pk=pk).first()
    if found is None:
        raise Http404("No such progress note.")
    return found


@dataclass(frozen=True)
class TraceRow:
    """One step of a chain: reached through `via` (an element, or "Linked directly")."""

    via: str
    level: str
    item: EvidenceItem


def recommendation_trace(*, recommendation: Recommendation) -> list[TraceRow]:
    """Every piece of evidence behind a recommendation: its own links, then each element's."""
    direct = RecommendationEvidence.objects.filter(recommendation=recommendation)
    items = evidence_items(links=list(direct), project=recommendation.project)
    rows = [TraceRow("Linked directly", "", item) for item in items]
    for element in recommendation.elements.select_related("framework"):
        rows += element_trace(element=element)
    return rows


def element_trace(*, element: Element) -> list[TraceRow]:
    via = f"{element.framework.title}: {element.title}"
    return [TraceRow(via, element.get_level_display(), item) for item in element_evidence(element=element)]
