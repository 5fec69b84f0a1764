"""Evidence work done by the task worker (``manage.py db_worker``), queued when a change commits."""

from django.tasks import task

from coproduce.projects.models import Project

from .features import features_get


@task
def features_prepare(*, project_id: int) -> None:
    """Build and store the project's screening features, so that the next screening page only loads them.

    Queued on commit by an import, a record added or edited and a duplicate decision. The worker keeps no
    ranker: only web processes rank."""
    project = Project.objects.filter(pk=project_id).first()
    if project is not None:
        features_get(project=project)
