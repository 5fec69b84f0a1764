"""A facilitator's decisions on participants' statements: show one to everyone, or take it out.

When an activity has `moderate_statements`, a participant's statement waits (pending) until a facilitator
accepts it. Any statement, waiting or shown, seed or participant's, can be rejected ("taken out"): phones stop
showing it, the opinion groups and consensus leave it out, and the Pol.is export marks it moderated out
(-1). Votes already cast on it are kept, so showing it again restores them. Each decision is audited with
the status before and after.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record

from ..broadcast import PEOPLE, broadcast
from ..models import ActivityState, Statement, StatementStatus, WorkshopStatus
from .contributions import statement_counts_broadcast
from .snapshots import result_snapshot_request

DECISIONS = {
    "accept": StatementStatus.ACCEPTED,
    "reject": StatementStatus.REJECTED,
}


@transaction.atomic
def statement_moderate(*, statement: Statement, decision: str, by: User) -> Statement:
    """Accept (show to everyone) or reject (take out) `statement`; `decision` is "accept" or "reject"."""
    status = DECISIONS.get(decision)
    if status is None:
        raise ValidationError("Choose whether to show the statement or take it out.", code="decision")
    locked = Statement.objects.select_for_update(of=("self",)).select_related("activity__workshop")
    statement = locked.get(pk=statement.pk)
    activity = statement.activity
    if activity.workshop.status == WorkshopStatus.ENDED:
        raise ValidationError("The workshop has ended, so its statements can no longer change.", code="ended")
    before = statement.status
    if before == status:
        return statement  # a repeated click: nothing changes
    statement.status = status
    statement.save(update_fields=["status", "updated_at"])
    audit_record(
        action=f"workshops.statement.{'accepted' if status == StatementStatus.ACCEPTED else 'rejected'}",
        by=by,
        obj=statement,
        project_id=activity.workshop.project_id,
        object_repr=f"Statement {statement.number}",
        changes={"status": [before, status], "activity": str(activity.public_id)},
    )
    statement_counts_broadcast(activity, "statement.moderated")
    if activity.state in (ActivityState.CLOSED, ActivityState.REVEALED):
        result_snapshot_request(activity=activity)  # the opinion groups leave it out (or take it back)
    broadcast(
        workshop_public_id=str(activity.workshop.public_id),
        event="statements.changed",
        audiences=(PEOPLE,),
        activity=str(activity.public_id),
    )
    return statement
