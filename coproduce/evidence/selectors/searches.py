"""The search log with, per search, the records imported and the duplicates merged."""

import uuid

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from coproduce.evidence.models import Search
from coproduce.projects.models import Project


def search_list(*, project: Project) -> QuerySet[Search]:
    """Newest first, each with `records_imported`, `duplicates_merged` and `batch_count`."""
    return (
        Search.objects.filter(project=project)
        .annotate(
            records_imported=Coalesce(Sum("batches__records_created"), 0),
            duplicates_merged=Coalesce(Sum("batches__duplicates_merged"), 0),
            batch_count=Count("batches"),
        )
        .order_by("-searched_on", "-created_at")
    )


def search_get(*, project: Project, public_id: uuid.UUID | str) -> Search:
    return get_object_or_404(Search, project=project, public_id=public_id)
