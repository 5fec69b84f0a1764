"""Possible duplicates to check, and the counts a PRISMA flow diagram needs."""

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from coproduce.evidence.models import DuplicateCandidate, DuplicateStatus, ImportBatch, Reference
from coproduce.projects.models import Project


def duplicate_candidate_list(
    *, project: Project, status: str = DuplicateStatus.PENDING
) -> QuerySet[DuplicateCandidate]:
    """Pairs with `status`, most alike first; pending pairs whose records left screening are hidden."""
    qs = DuplicateCandidate.objects.filter(project=project, status=status).select_related(
        "first", "second", "decided_by"
    )
    if status == DuplicateStatus.PENDING:
        qs = qs.filter(first__duplicate_of__isnull=True, second__duplicate_of__isnull=True)
    return qs.order_by("-score", "id")


def duplicate_candidate_get(*, project: Project, pk: int) -> DuplicateCandidate:
    qs = DuplicateCandidate.objects.select_related("first", "second")
    return get_object_or_404(qs, project=project, pk=pk)


def duplicate_candidate_count(*, project: Project, batch: ImportBatch | None = None) -> int:
    """Pending pairs to check, or those involving a record of `batch`."""
    qs = duplicate_candidate_list(project=project)
    if batch is not None:
        qs = qs.filter(Q(first__batch=batch) | Q(second__batch=batch))
    return qs.count()


def dedupe_counts(*, project: Project) -> dict[str, int]:
    """Duplicates removed: merged while importing, and confirmed by a person afterwards."""
    merged = ImportBatch.objects.filter(project=project).aggregate(n=Sum("duplicates_merged"))["n"]
    confirmed = Reference.objects.filter(project=project, duplicate_of__isnull=False).count()
    return {"merged_on_import": merged or 0, "confirmed": confirmed}
