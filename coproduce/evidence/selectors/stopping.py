"""Reads of the team's recorded decision to stop screening."""

from coproduce.projects.models import Project

from ..models import ScreeningStage, ScreeningStop


def screening_stop_get(
    *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT
) -> ScreeningStop | None:
    """The stop in force at `stage`: the latest recorded row, unless it says screening resumed."""
    latest = (
        ScreeningStop.objects.filter(project=project, stage=stage)
        .select_related("stopped_by")
        .order_by("-stopped_at", "-id")
        .first()
    )
    return latest if latest is not None and not latest.resumed else None
