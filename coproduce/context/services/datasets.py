"""Area datasets: a measure for a set of areas, uploaded from a CSV file."""

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.context.models import AreaDataset, AreaValue
from coproduce.context.spreadsheets import AreaRow
from coproduce.core.services import audit_record
from coproduce.projects.models import Project


@transaction.atomic
def area_dataset_create(
    *,
    project: Project,
    by: User | None,
    title: str,
    area_type: str,
    measure: str,
    source_title: str,
    rows: list[AreaRow],
    unit: str = "",
    source_url: str = "",
    source_note: str = "",
) -> AreaDataset:
    """Save a dataset with one value per area; the rows have been checked already."""
    dataset = AreaDataset.objects.create(
        project=project,
        title=title,
        area_type=area_type,
        measure=measure,
        unit=unit,
        source_title=source_title,
        source_url=source_url,
        source_note=source_note,
        uploaded_by=by,
    )
    AreaValue.objects.bulk_create(
        AreaValue(dataset=dataset, area_name=row.area_name, area_code=row.area_code, value=row.value)
        for row in rows
    )
    audit_record(
        action="context.area_dataset.created",
        by=by,
        obj=dataset,
        project_id=project.pk,
        changes={"areas": len(rows)},
    )
    return dataset
