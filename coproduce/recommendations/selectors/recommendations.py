"""Reads of recommendations: the list, one recommendation, its history. The chain of evidence: trace.py."""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from coproduce.projects.models import Project

from ..models import ProgressUpdate, Recommendation, RecommendationStatus


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
