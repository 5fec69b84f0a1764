"""Area boundaries: the outlines the maps of area statistics are drawn with, replaced as a whole."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.context.budget_file import name_key
from coproduce.context.geo import Shapes
from coproduce.context.models import AreaBoundary
from coproduce.core.services import audit_record
from coproduce.projects.models import Project


@transaction.atomic
def area_boundaries_replace(*, project: Project, by: User | None, shapes: Shapes, source_title: str) -> int:
    """Put these outlines in place of the project's; ValidationError, changing nothing, if two areas share a
    name. Returns how many areas there are."""
    names: set[str] = set()
    for shape in shapes.shapes:
        if name_key(shape.area_name) in names:
            raise ValidationError(f"The area “{shape.area_name}” is in the file twice.", code="twice")
        names.add(name_key(shape.area_name))
    AreaBoundary.objects.filter(project=project).delete()
    AreaBoundary.objects.bulk_create(
        AreaBoundary(
            project=project,
            area_code=shape.area_code,
            area_name=shape.area_name,
            path=shape.path,
            box_width=shapes.width,
            box_height=shapes.height,
            source_title=source_title,
        )
        for shape in shapes.shapes
    )
    audit_record(
        action="context.area_boundaries.replaced",
        by=by,
        project_id=project.pk,
        object_repr=source_title[:200],
        changes={"areas": len(shapes.shapes)},
    )
    return len(shapes.shapes)
