"""Prior knowledge: records the team marked as known relevant or irrelevant, for the ranking to learn from."""

from datetime import datetime

from django.db.models import QuerySet

from coproduce.projects.models import Project

from ..models import PriorKnowledge, PriorLabel


def prior_knowledge_rows(*, project: Project) -> QuerySet[PriorKnowledge]:
    return PriorKnowledge.objects.filter(reference__project=project).order_by("created_at", "id")


def prior_labels(*, project: Project, before: datetime | None = None) -> dict[int, bool]:
    """Record id -> True (known relevant) or False (known irrelevant), from the latest mark on each record
    (up to `before`, when given); records whose mark was taken back, and confirmed duplicates, left out."""
    rows = prior_knowledge_rows(project=project).filter(reference__duplicate_of__isnull=True)
    if before is not None:
        rows = rows.filter(created_at__lte=before)
    marks = dict(rows.values_list("reference_id", "label"))
    return {pk: label == PriorLabel.RELEVANT for pk, label in marks.items() if label != PriorLabel.REMOVED}


def prior_history(*, reference_id: int) -> QuerySet[PriorKnowledge]:
    """Every mark on one record, oldest first, with who made it."""
    return (
        PriorKnowledge.objects.filter(reference_id=reference_id)
        .select_related("marked_by")
        .order_by("created_at", "id")
    )
