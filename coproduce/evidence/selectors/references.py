"""Records of the review and the import batches they came from."""

import uuid

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coproduce.evidence.models import ImportBatch, PendingImport, Reference
from coproduce.projects.models import Project


def reference_list(
    *,
    project: Project,
    search: str = "",
    source_type: str = "",
    batch: ImportBatch | None = None,
    include_duplicates: bool = True,
    ids: set[int] | None = None,
) -> QuerySet[Reference]:
    """The project's records in the order they arrived; `search` matches title, authors, DOI, journal;
    `ids` keeps those records only (filters.decision_groups gives them by current decision)."""
    qs = Reference.objects.filter(project=project).select_related("batch", "duplicate_of")
    if search:
        words = Q()
        for word in search.split():
            words &= (
                Q(title__icontains=word)
                | Q(authors__icontains=word)
                | Q(doi__icontains=word)
                | Q(container__icontains=word)
            )
        qs = qs.filter(words)
    if source_type:
        qs = qs.filter(source_type=source_type)
    if batch is not None:
        qs = qs.filter(batch=batch)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    if not include_duplicates:
        qs = qs.filter(duplicate_of__isnull=True)
    return qs.order_by("id")


def reference_get(*, project: Project, pk: int) -> Reference:
    qs = Reference.objects.select_related("batch", "batch__search", "duplicate_of")
    return get_object_or_404(qs, project=project, pk=pk)


def import_batch_list(*, project: Project) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(project=project).select_related("search").order_by("-created_at")


def import_batch_get(*, project: Project, public_id: uuid.UUID | str) -> ImportBatch:
    return get_object_or_404(ImportBatch, project=project, public_id=public_id)


def pending_import_get(*, project: Project, public_id: uuid.UUID | str) -> PendingImport:
    """An upload waiting for its columns to be mapped (404 once imported, handed to a job, or expired)."""
    qs = PendingImport.objects.select_related("search", "project").filter(job__isnull=True)
    return get_object_or_404(qs, project=project, public_id=public_id, expires_at__gte=timezone.now())
