"""Recording the team's decision to stop screening, or to resume it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..models import ScreeningStage, ScreeningStop
from ..queue import screening_stopping_test
from ..selectors.screening import current_decisions, screenable_references
from ..selectors.stopping import screening_stop_get


def stopping_rule_text(*, recall_target: float, alpha: float) -> str:
    return f"Hypergeometric test, {recall_target:.0%} recall, alpha {alpha:g}"


@transaction.atomic
def screening_stop_record(*, project: Project, by: User, reason: str) -> ScreeningStop:
    """Record that the team stopped title-and-abstract screening now, with the stopping test's result."""
    test = screening_stopping_test(project=project)
    if test is None:
        raise ValidationError("Nothing has been screened yet, so there is nothing to stop.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the team stopped screening"})
    screened = len(current_decisions(project=project))
    stop = ScreeningStop.objects.create(
        project=project,
        stage=ScreeningStage.TITLE_ABSTRACT,
        stopped_by=by,
        rule=stopping_rule_text(recall_target=test.recall_target, alpha=test.alpha),
        p_value=test.p_value,
        records_screened=screened,
        records_unscreened=screenable_references(project=project).count() - screened,
        reason=reason.strip(),
    )
    audit_record(action="evidence.screening.stopped", by=by, obj=stop, project_id=project.pk)
    return stop


@transaction.atomic
def screening_resume_record(*, project: Project, by: User, reason: str) -> ScreeningStop:
    """Record that the team resumed screening after a recorded stop."""
    if screening_stop_get(project=project) is None:
        raise ValidationError("Screening has not been stopped, so there is nothing to resume.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the team resumed screening"})
    row = ScreeningStop.objects.create(
        project=project,
        stage=ScreeningStage.TITLE_ABSTRACT,
        stopped_by=by,
        reason=reason.strip(),
        resumed=True,
    )
    audit_record(action="evidence.screening.resumed", by=by, obj=row, project_id=project.pk)
    return row
