"""Subject access: hand a person everything held about them, and record that it was handed out."""

from typing import Any

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.people.models import Stakeholder

from ..selectors import subject_access_export


@transaction.atomic
def subject_access_export_create(*, stakeholder: Stakeholder, by: User) -> dict[str, Any]:
    """The subject-access export of one person; the export itself is audited."""
    audit_record(
        action="consent.subject_access.exported",
        by=by,
        obj=stakeholder,
        project_id=stakeholder.project_id,
        object_repr=stakeholder.code,
    )
    return subject_access_export(stakeholder=stakeholder)
