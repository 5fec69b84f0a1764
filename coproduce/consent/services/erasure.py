"""Erasure: remove a person and everything recorded about them, leaving a tombstone in the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.people.models import Stakeholder

from ..models import ErasureReason
from ..registry import personal_data_sources


@transaction.atomic
def stakeholder_erase(
    *, stakeholder: Stakeholder, by: User | None, actor_label: str = "", reason: str = ""
) -> None:
    """Erase a person: the erase step of every source in the personal data registry runs, then their row
    is deleted.

    The steps remove their consent events, recruitment events, personal links, interest tags (the tags
    themselves stay: they are the project's vocabulary), interviews, workshop invitations, answers to
    rankings and endorsements, and unlink their workshop participation. The audit trail keeps a tombstone
    `people.stakeholder.erased` with their pseudonymous code and the reason category, nothing else.
    """
    if reason and reason not in ErasureReason.values:
        raise ValidationError(f"Unknown reason for erasure: {reason!r}.")
    for source in personal_data_sources():
        source.erase(stakeholder)
    audit_record(
        action="people.stakeholder.erased",
        by=by,
        obj=stakeholder,
        project_id=stakeholder.project_id,
        object_repr=stakeholder.code,
        actor_label=actor_label or None,
        changes={"reason": reason},
    )
    stakeholder.delete()
