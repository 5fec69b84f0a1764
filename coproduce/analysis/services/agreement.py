"""Assigning a transcript to two coders blind, and settling their differences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.interviews.models import Transcript

from ..models import Coding, CodingAssignment
from ..selectors.agreement import coders_eligible


@transaction.atomic
def coding_pair_assign(*, transcript: Transcript, by: User, coders: list[User], blind: bool = True) -> None:
    """Ask two coders to code `transcript`; while blind, neither sees the other's codings."""
    project_id = transcript.interview.project_id
    if len(set(coders)) != 2:
        raise ValidationError("Choose two different coders")
    if coders_eligible(project_id=project_id).filter(pk__in=[c.pk for c in coders]).count() != 2:
        raise ValidationError("Both coders must be leads or researchers on this project")
    CodingAssignment.objects.filter(transcript=transcript).exclude(coder__in=coders).delete()
    for coder in coders:
        CodingAssignment.objects.update_or_create(
            transcript=transcript,
            coder=coder,
            defaults={"blind": blind, "assigned_by": by, "adjudicated_at": None},
        )
    audit_record(
        action="analysis.coding_pair.assigned",
        by=by,
        obj=transcript,
        project_id=project_id,
        changes={"coders": sorted(c.pk for c in coders), "blind": blind},
    )


@transaction.atomic
def coding_adjudicate(*, coding: Coding, by: User, keep: bool) -> None:
    """Settle one disputed coding: keep it (it stays) or drop it; the decision is in the audit trail."""
    audit_record(
        action="analysis.coding.adjudicated",
        by=by,
        obj=coding,
        project_id=coding.code.project_id,
        changes={"kept": keep, "coder": coding.coder_id, "code": coding.code_id},
    )
    if not keep:
        coding.delete()


@transaction.atomic
def coding_pair_close(*, transcript: Transcript, by: User) -> None:
    """End blindness for the transcript's coders: agreement has been measured and differences settled."""
    CodingAssignment.objects.filter(transcript=transcript).update(adjudicated_at=timezone.now())
    audit_record(
        action="analysis.coding_pair.closed",
        by=by,
        obj=transcript,
        project_id=transcript.interview.project_id,
    )
