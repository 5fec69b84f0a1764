"""Analysis work done by the task worker (``manage.py db_worker``)."""

from django.db import transaction
from django.tasks import task

from coproduce.projects.models import Project

from .suggestion_index import index_ready, index_warm


@task
def suggestion_index_prepare(*, project_id: int) -> None:
    """Build and store the project's suggestion index, so that the first suggestion only loads it."""
    index_warm(project_id=project_id)


def suggestion_index_prepare_if_missing(*, project: Project) -> bool:
    """Queue `suggestion_index_prepare` when the index for the transcripts as they are now is neither in
    this process nor stored: called as coders open the list of transcripts to code. True if queued."""
    if index_ready(project=project):
        return False
    transaction.on_commit(lambda: suggestion_index_prepare.enqueue(project_id=project.pk))
    return True
