"""The search log: where the team searched, when, with what, and how many hits the source reported."""

import datetime

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.evidence.models import Search
from coproduce.projects.models import Project

SEARCH_FIELDS = ("source", "searched_on", "search_string", "hits", "notes")


@transaction.atomic
def search_create(
    *,
    project: Project,
    by: User | None,
    source: str,
    searched_on: datetime.date,
    search_string: str = "",
    hits: int | None = None,
    notes: str = "",
) -> Search:
    search = Search.objects.create(
        project=project,
        source=source,
        searched_on=searched_on,
        search_string=search_string,
        hits=hits,
        notes=notes,
        created_by=by,
    )
    audit_record(action="evidence.search.created", by=by, obj=search, project_id=project.pk)
    return search


@transaction.atomic
def search_update(
    *,
    search: Search,
    by: User,
    source: str,
    searched_on: datetime.date,
    search_string: str = "",
    hits: int | None = None,
    notes: str = "",
    version: str | None = None,
) -> Search:
    """Change a logged search; EditConflict if it changed since `version` (the edit form's)."""
    values = {
        "source": source,
        "searched_on": searched_on,
        "search_string": search_string,
        "hits": hits,
        "notes": notes,
    }
    changed = fields_assign(search, values, version=version)
    search.save()
    audit_record(
        action="evidence.search.updated",
        by=by,
        obj=search,
        project_id=search.project_id,
        changes={"fields": changed},
    )
    return search
