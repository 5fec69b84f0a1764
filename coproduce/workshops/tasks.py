"""Work done by the task worker (django.tasks; the worker is django-tasks-db's `db_worker`).

Each task takes ids (a task's arguments are stored as JSON) and calls one service.
"""

from django.tasks import task

from .models import Activity
from .services.snapshots import result_snapshot_compute


@task()
def activity_result_compute(activity_id: int) -> None:
    """Work out and store an activity's pairwise scores or opinion groups (services/snapshots.py)."""
    activity = Activity.objects.select_related("workshop").filter(pk=activity_id).first()
    if activity is not None:  # deleted since it was queued: nothing to work out
        result_snapshot_compute(activity=activity)
