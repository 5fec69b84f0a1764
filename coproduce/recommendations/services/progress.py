"""After publication: progress updates and milestones, and telling the people who asked to hear."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.jobs.email import email_queue
from coproduce.jobs.email_render import email_render
from coproduce.projects.permissions import Need

from ..models import (
    EndorsementInvite,
    Milestone,
    Progress,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
)


def _published(recommendation: Recommendation) -> None:
    if recommendation.status != RecommendationStatus.PUBLISHED:
        raise ValidationError("Publish the recommendation before tracking its progress")


def _notify(update: ProgressUpdate, *, by: User) -> int:
    """Queue the update to everyone who endorsed in this project and asked to hear about progress: one
    message (one job) per address, each in the person's preferred language, so one that cannot be
    delivered stops no other."""
    recommendation = update.recommendation
    invites = EndorsementInvite.objects.filter(
        round__project_id=recommendation.project_id, notify_updates=True
    ).select_related("stakeholder")
    people = {
        invite.stakeholder.email.lower(): invite.stakeholder for invite in invites if invite.stakeholder.email
    }
    context = {"update": update, "r": recommendation}
    for address in sorted(people):
        text = email_render(
            template="recommendations/email/progress_update",
            context=context,
            language=people[address].language,
        )
        email_queue(
            to=people[address].email,
            subject=text.subject,
            body=text.body,
            html=text.html,
            project=recommendation.project,
            need=Need.MANAGE_RECOMMENDATIONS,
            by=by,
            stakeholder_id=people[address].pk,
        )
    return len(people)


@transaction.atomic
def progress_record(*, recommendation: Recommendation, by: User, progress: str, note: str) -> ProgressUpdate:
    _published(recommendation)
    if progress not in Progress.values:
        raise ValidationError({"progress": "Choose how far it has got"})
    if not note.strip():
        raise ValidationError({"note": "Say what has happened"})
    update = ProgressUpdate.objects.create(
        recommendation=recommendation, progress=progress, note=note, recorded_by=by
    )
    recommendation.progress = progress
    recommendation.save(update_fields=["progress", "updated_at"])
    update.notified = _notify(update, by=by)
    update.save(update_fields=["notified"])
    audit_record(
        action="recommendations.progress.recorded",
        by=by,
        obj=recommendation,
        project_id=recommendation.project_id,
        changes={"progress": progress, "notified": update.notified},
    )
    return update


@transaction.atomic
def progress_note_correct(
    *, update: ProgressUpdate, by: User, note: str, version: str | None = None
) -> ProgressUpdate:
    """Correct the wording of a progress note (for example, to take out a phone number before it is
    published). How far the work has got, and when it was recorded, stay as they were; nobody is emailed
    again. The audit row says the note was corrected, not what it said. EditConflict if someone corrected
    it since `version` (the form's)."""
    if not note.strip():
        raise ValidationError({"note": "Say what has happened"})
    record_lock(update, version=version, values={"note": note})
    if note == update.note:
        raise ValidationError({"note": "The note is unchanged: change the words to correct it"})
    update.note = note
    update.save(update_fields=["note"])
    audit_record(
        action="recommendations.progress.corrected",
        by=by,
        obj=update.recommendation,
        project_id=update.recommendation.project_id,
        changes={"update": update.pk},
    )
    return update


@transaction.atomic
def milestone_add(
    *, recommendation: Recommendation, by: User, title: str, due_on: datetime.date | None = None
) -> Milestone:
    milestone = Milestone.objects.create(recommendation=recommendation, title=title, due_on=due_on)
    audit_record(
        action="recommendations.milestone.added",
        by=by,
        obj=recommendation,
        project_id=recommendation.project_id,
    )
    return milestone


@transaction.atomic
def milestone_done(*, milestone: Milestone, by: User, done_on: datetime.date) -> Milestone:
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    recommendation = milestone.recommendation
    audit_record(
        action="recommendations.milestone.done",
        by=by,
        obj=recommendation,
        project_id=recommendation.project_id,
    )
    return milestone
