"""Subject access: hand a person everything held about them, and record that it was handed out."""

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.people.models import Stakeholder

from ..subject_access import subject_access_download


@transaction.atomic
def subject_access_export_create(*, stakeholder: Stakeholder, by: User) -> Download:
    """The subject-access file of one person (see `subject_access_download`); the export is audited."""
    audit_record(
        action="consent.subject_access.exported",
        by=by,
        obj=stakeholder,
        project_id=stakeholder.project_id,
        object_repr=stakeholder.code,
    )
    return subject_access_download(stakeholder=stakeholder)
